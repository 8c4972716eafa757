namespace DeepLearning.Detection;

/// <summary>One detected object: a box in corner format (<see cref="BoxFormat.Corners"/>, the units of the
/// decoder's output: fractions of the image for <see cref="YoloGrid"/>), a confidence score and a class index.</summary>
/// <param name="X1">Left edge.</param>
/// <param name="Y1">Top edge.</param>
/// <param name="X2">Right edge.</param>
/// <param name="Y2">Bottom edge.</param>
/// <param name="Score">Confidence (for YOLO: P(object) · P(class | object)).</param>
/// <param name="Class">Class index.</param>
public readonly record struct Detection(double X1, double Y1, double X2, double Y2, double Score, int Class);

/// <summary>A ground-truth object for <see cref="YoloGrid.Encode"/>: centre, width and height as fractions of the
/// image (0 … 1), and its class index.</summary>
/// <param name="CenterX">Centre x / image width.</param>
/// <param name="CenterY">Centre y / image height.</param>
/// <param name="Width">Width / image width (&gt; 0).</param>
/// <param name="Height">Height / image height (&gt; 0).</param>
/// <param name="Class">Class index in [0, classes).</param>
public readonly record struct LabeledBox(double CenterX, double CenterY, double Width, double Height, int Class);
