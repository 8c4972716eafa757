namespace DeepLearning.Detection;

/// <summary>How the four numbers of a bounding box are laid out on a tensor's last axis.</summary>
public enum BoxFormat
{
    /// <summary>(x1, y1, x2, y2): the top-left and bottom-right corners (x grows to the right, y downwards).</summary>
    Corners,

    /// <summary>(cx, cy, w, h): the centre, the width and the height (the course notes' b_x, b_y, b_w, b_h).</summary>
    Center,
}
