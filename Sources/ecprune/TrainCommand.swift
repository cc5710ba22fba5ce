import Datasets
import Experiments
import FileIO
import NeuralNetwork
import OptionParsing
import Reporting

#if canImport(Glibc)
  import Glibc
#endif

/// `ecprune train`: trains a classifier and writes its model file.
struct TrainCommand: Subcommand {
  let specification = CommandSpecification(
    name: "train",
    summary:
      "Trains a fully-connected classifier on an IDX image data set "
      + "(Fashion-MNIST by default) with Adam and writes it as safetensors.",
    options: [
      .value(
        "hidden", "SIZES",
        help: "Hidden-layer widths, comma-separated, input side first.",
        default: "300,100"),
      .value(
        "activation", "NAME",
        help:
          "Hidden activation: identity, relu, leaky_relu, tanh, sigmoid, "
          + "softplus or gelu. The output layer is linear (logits).",
        default: "relu"),
      .value(
        "epochs", "N", help: "Passes over the training set.", default: "10"),
      .value(
        "learning-rate", "RATE", help: "Adam's step size.", default: "0.001"),
      .value(
        "batch-size", "N", help: "Samples per minibatch.", default: "128"),
      .value(
        "seed", "SEED",
        help: "Seed of the initial weights, sample order and subset.",
        default: "0"),
      .value(
        "training-samples", "N",
        help:
          "Train on N samples drawn at random (with the seed) from the "
          + "training set instead of all of it.",
        default: "all"),
      .value(
        "data-dir", "FOLDER",
        help:
          "Folder with the four IDX files (train-images-idx3-ubyte[.gz] "
          + "and so on); MNIST in the same format works too.",
        default: IDXDataDirectory.defaultPath),
      .value(
        "out", "FILE", help: "Where to write the trained model.",
        default: "model.safetensors"),
      .value(
        "report", "FOLDER",
        help:
          "Also write training.md, training.json and epochs.csv into FOLDER."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    var settings = TrainingSettings()
    settings.hiddenSizes = try options.integerList("hidden", in: 1...100_000)
    settings.activation = try activation(options.string("activation")!)
    settings.epochs = try options.integer("epochs", in: 1...100_000)
    settings.learningRate = try options.double(
      "learning-rate", in: 1e-12...1e3)
    settings.batchSize = try options.integer("batch-size", in: 1...1_000_000)
    settings.seed = try options.seed("seed")
    if options.string("training-samples") != "all" {
      settings.trainingSampleCount = try options.integer(
        "training-samples", in: 1...Int.max)
    }
    settings.dataDirectory = options.string("data-dir")!
    let modelPath = options.string("out")!
    let reportFolder = options.string("report")

    // Fail on an unwritable or clashing output before training, not after.
    var outputs = [modelPath]
    if let reportFolder {
      guard !reportFolder.isEmpty else {
        throw UsageError.invalid(
          command: "train", "--report is empty; give a folder")
      }
      outputs += TrainingReport.paths(in: reportFolder)
    }
    try OutputPaths.check(outputs, command: "train")

    let (trainingSet, testSet) = try TrainingExperiment.loadData(settings)
    try checkMemory(
      settings.estimatedTrainingBytes(
        inputCount: trainingSet.featureCount,
        outputCount: trainingSet.classCount))
    let widths =
      [trainingSet.featureCount] + settings.hiddenSizes
      + [trainingSet.classCount]
    Diagnostics.note(
      "training a \(widths.map(String.init).joined(separator: "-")) "
        + "\(settings.activation.name) network on \(trainingSet.count) "
        + "samples from \(settings.dataDirectory)")
    let progressLine = TrainingProgressLine(epochs: settings.epochs)
    let outcome = TrainingExperiment.run(
      settings, training: trainingSet, test: testSet
    ) { progressLine.update($0) }

    try ModelFile.write(
      outcome.network, to: modelPath,
      metadata: [
        "ecprune_version": SoftwareVersions.ecprune,
        "dataset": outcome.dataset.name, "seed": String(settings.seed),
      ])
    if let reportFolder {
      let paths = try TrainingReport.write(
        outcome, modelPath: modelPath, to: reportFolder)
      Diagnostics.note("wrote " + paths.joined(separator: ", "))
    }
    Diagnostics.note("wrote \(modelPath)")
    print(
      "test loss " + NumberFormat.fixed(outcome.test.meanLoss, decimals: 4)
        + "  test accuracy "
        + NumberFormat.fixed(100 * (outcome.test.accuracy ?? .nan), decimals: 2)
        + " %")
    return 0
  }

  /// Rejects a network that cannot fit in this machine's memory, before
  /// the allocation would end the process.
  private func checkMemory(_ bytes: Double) throws {
    let physical =
      Double(sysconf(Int32(_SC_PHYS_PAGES)))
      * Double(sysconf(Int32(_SC_PAGESIZE)))
    guard bytes > physical else { return }
    throw UsageError.invalid(
      command: "train",
      "the network needs about "
        + NumberFormat.significant(bytes / 1e9, digits: 3)
        + " GB to train but the machine has "
        + NumberFormat.significant(physical / 1e9, digits: 3)
        + " GB; choose smaller --hidden or --batch-size values")
  }

  private func activation(_ name: String) throws -> Activation {
    guard let activation = Activation(name: name) else {
      let known = Activation.allCases.map(\.name).joined(separator: ", ")
      throw UsageError.invalid(
        command: "train",
        "invalid value '\(name)' for --activation: expected one of \(known)")
    }
    return activation
  }
}
