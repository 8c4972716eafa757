using DeepLearning.Serialization;

namespace DeepLearning.Models.Callbacks;

/// <summary>
/// Makes training survive an interruption (Keras 3's BackupAndRestore): at the end of every epoch it writes a backup
/// to <see cref="BackupDirectory"/> — the weights, the optimizer state, the next epoch, the state of
/// <see cref="Generator.Default"/> (key and counter offset) and the seed of Fit's data loader — atomically, so a crash
/// mid-write leaves the previous backup. When training starts and a backup exists, it restores all of it and
/// <c>Fit</c> continues from the epoch after the backup (whatever its initialEpoch), with the same data order and
/// random draws: the final weights are bit-identical to those of an uninterrupted run. When training completes (also
/// by early stopping) the backup is deleted; after an exception or a cancellation it stays for the next run.
/// </summary>
/// <remarks>
/// The model of the resumed run must be built the same way (same layers, compiled with the same optimizer class);
/// weights are matched by position, so its automatic layer names may differ. Exactness holds when every epoch is
/// one pass over the data (the default stepsPerEpoch). The state of other callbacks (EarlyStopping's patience
/// counter, ReduceLROnPlateau's wait) is not part of the backup, as in Keras.
/// </remarks>
/// <example><code>
/// model.Fit(x, y, epochs: 50, callbacks: [new BackupAndRestore("backup")]);   // rerun the program after a crash
/// </code></example>
public sealed class BackupAndRestore : Callback
{
    /// <summary>The backup's file name inside <see cref="BackupDirectory"/>.</summary>
    public const string FileName = "backup.dlckpt";

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDirectory">Where the backup is kept (created when needed).</param>
    /// <param name="deleteCheckpoint">Delete the backup when training completes (Keras's delete_checkpoint).</param>
    /// <exception cref="ArgumentException">backupDirectory is empty.</exception>
    public BackupAndRestore(string backupDirectory, bool deleteCheckpoint = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupDirectory);
        BackupDirectory = backupDirectory;
        DeleteCheckpoint = deleteCheckpoint;
    }

    /// <summary>The directory of the backup.</summary>
    public string BackupDirectory { get; }

    /// <summary>Whether the backup is deleted when training completes.</summary>
    public bool DeleteCheckpoint { get; }

    /// <summary>The path of the backup file.</summary>
    public string BackupPath => Path.Combine(BackupDirectory, FileName);

    /// <summary>The epoch training resumed from in the last Fit (null when it started afresh).</summary>
    public int? ResumedEpoch { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model is not built (its weights do not exist yet).</exception>
    /// <exception cref="InvalidDataException">The backup is corrupt or was made by another model.</exception>
    public override void OnTrainBegin(Logs logs)
    {
        ResumedEpoch = null;
        if (!File.Exists(BackupPath)) return;
        if (!Model.Built && Model.SymbolicInputs is null)
            throw new InvalidOperationException($"BackupAndRestore: model '{Model.Name}' must be built before training to restore a backup (start it with an Input, or call it once).");
        var position = ModelFile.LoadCheckpoint(Model, BackupPath);
        Generator.SetDefault(Generator.FromState(position.GeneratorKey, position.GeneratorOffset));
        Model.ResumeFrom(position.Epoch, position.ShuffleSeed);
        ResumedEpoch = position.Epoch;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var g = Generator.Default;
        // In data-parallel training rank 0 writes the backup every rank resumes from; the barrier keeps the others
        // from going on (and perhaps reading it after a failure) before it is complete.
        if (Model.Communicator.IsPrimary)
            ModelFile.SaveCheckpoint(Model, BackupPath, new TrainingPosition(epoch + 1, g.Key, g.Offset, Model.FitShuffleSeed));
        if (Model.Communicator.Size > 1) Model.Communicator.Barrier();
    }

    /// <inheritdoc />
    public override void OnTrainEnd(Logs logs)
    {
        if (!Model.Communicator.IsPrimary) return;
        if (!DeleteCheckpoint) return;
        File.Delete(BackupPath);
        if (Directory.Exists(BackupDirectory) && !Directory.EnumerateFileSystemEntries(BackupDirectory).Any()) Directory.Delete(BackupDirectory);
    }
}
