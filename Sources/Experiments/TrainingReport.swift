import FileIO
import NeuralNetwork
import Reporting

/// Writes the report of a training run: `training.md` for people,
/// `training.json` and `epochs.csv` for machines.
///
/// Every file depends only on the settings, the data and the software
/// versions, never on the clock, so a rerun with the same seed and thread
/// count writes the same bytes. Timings go to the benchmark page instead.
public enum TrainingReport {
  /// Writes the three files into `folder`, creating it when missing, and
  /// returns their paths.
  public static func write(
    _ outcome: TrainingOutcome, modelPath: String?, to folder: String
  ) throws -> [String] {
    let paths = self.paths(in: folder)
    try AtomicFile.write(
      text: markdown(outcome, modelPath: modelPath), to: paths[0])
    try AtomicFile.write(
      text: json(outcome, modelPath: modelPath).rendered(), to: paths[1])
    try AtomicFile.write(text: epochTable(outcome).csv(), to: paths[2])
    return paths
  }

  /// Returns the paths of the three report files in `folder`.
  public static func paths(in folder: String) -> [String] {
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return ["training.md", "training.json", "epochs.csv"].map { prefix + $0 }
  }

  /// Returns the per-epoch training loss as a table.
  static func epochTable(_ outcome: TrainingOutcome) -> Table {
    var table = Table(columns: ["epoch", "training_loss"])
    for epoch in outcome.epochs {
      table.append(["\(epoch.epoch)", "\(epoch.meanLoss)"])
    }
    return table
  }

  /// Returns the run as JSON: metadata, settings, per-epoch loss and final
  /// figures.
  public static func json(
    _ outcome: TrainingOutcome, modelPath: String?
  ) -> JSONValue {
    let settings = outcome.settings
    let versions = JSONValue.object(
      SoftwareVersions.all.map { ($0.0, .string($0.1)) })
    return .object([
      ("seed", .string(String(settings.seed))),
      (
        "dataset",
        outcome.dataset.json
      ),
      ("network", .string(outcome.network.architecture)),
      ("parameters", .integer(outcome.network.parameterCount)),
      ("loss", .string(Loss.softmaxCrossEntropy.rawValue)),
      ("optimizer", .string("adam")),
      ("learning_rate", .number(settings.learningRate)),
      ("batch_size", .integer(settings.batchSize)),
      ("epochs", .integer(settings.epochs)),
      ("model_file", modelPath.map { .string($0) } ?? .null),
      ("software", versions),
      (
        "training_loss_per_epoch",
        .array(outcome.epochs.map { .number($0.meanLoss) })
      ),
      (
        "training",
        .object([
          ("loss", .number(outcome.training.meanLoss)),
          ("accuracy", .number(outcome.training.accuracy ?? .nan)),
        ])
      ),
      (
        "test",
        .object([
          ("loss", .number(outcome.test.meanLoss)),
          ("accuracy", .number(outcome.test.accuracy ?? .nan)),
        ])
      ),
    ])
  }

  static func markdown(_ outcome: TrainingOutcome, modelPath: String?) -> String
  {
    let settings = outcome.settings
    var settingsTable = Table(columns: ["setting", "value"])
    settingsTable.append(["network", outcome.network.architecture])
    settingsTable.append(["parameters", "\(outcome.network.parameterCount)"])
    settingsTable.append([
      "data set",
      "\(outcome.dataset.name), \(outcome.dataset.trainingSampleCount) "
        + "training and \(outcome.dataset.testSampleCount) test samples",
    ])
    settingsTable.append([
      "optimiser", "Adam, learning rate \(settings.learningRate)",
    ])
    settingsTable.append(["batch size", "\(settings.batchSize)"])
    settingsTable.append(["epochs", "\(settings.epochs)"])
    settingsTable.append(["seed", "\(settings.seed)"])
    settingsTable.append(["model file", modelPath ?? "not written"])

    var epochTable = Table(columns: ["epoch", "training loss"])
    for epoch in outcome.epochs {
      epochTable.append([
        "\(epoch.epoch)", NumberFormat.fixed(epoch.meanLoss, decimals: 4),
      ])
    }

    var results = Table(columns: ["set", "loss", "accuracy"])
    for (name, evaluation) in [
      ("training", outcome.training), ("test", outcome.test),
    ] {
      results.append([
        name, NumberFormat.fixed(evaluation.meanLoss, decimals: 4),
        NumberFormat.fixed(100 * (evaluation.accuracy ?? .nan), decimals: 2)
          + " %",
      ])
    }

    let versions = SoftwareVersions.all.map { "\($0.0) \($0.1)" }
      .joined(separator: "; ")
    return """
      # Training report

      A \(outcome.network.architecture) classifier trained with
      softmax cross-entropy. Regenerate with `make report`, or with
      `ecprune train --seed \(settings.seed) --epochs \(settings.epochs)`.

      ## Settings

      \(settingsTable.markdown())
      ## Training loss per epoch

      \(epochTable.markdown())
      ## Final loss and accuracy

      \(results.markdown())
      Software: \(versions).

      """
  }
}
