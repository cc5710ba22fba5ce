import Datasets
import Experiments
import FileIO
import NeuralNetwork
import OptionParsing
import Pruning

/// `ecprune sweep`: every criterion over a range of ratios, with the report.
struct SweepCommand: Subcommand {
  let specification = CommandSpecification(
    name: "sweep",
    summary:
      "Prunes a trained model with every criterion at each ratio, in both "
      + "scopes, with and without fine-tuning, and writes the Markdown, "
      + "CSV, JSON and SVG report. Trains the default network first when "
      + "no model is given.",
    options: [
      .value(
        "model", "FILE",
        help: "The safetensors model to prune; without it the default "
          + "784-300-100-10 ReLU network is trained first (10 epochs)."),
      .value(
        "out-dir", "FOLDER", help: "Where the report files go.",
        default: "Reports/pruning"),
      .value(
        "ratios", "LIST", help: "Pruning ratios, comma-separated, in [0, 1].",
        default: "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95,0.98"),
      .value(
        "criteria", "LIST", help: "Criteria, comma-separated.",
        default: Criterion.allCases.map(\.rawValue).joined(separator: ",")),
      .value(
        "fine-tune-epochs", "LIST",
        help: "Fine-tuning budgets in epochs, comma-separated; 0 evaluates "
          + "the pruned network as is.",
        default: "0,1"),
      .value(
        "scoring-samples", "N",
        help: "Training samples the criteria are computed on, drawn with "
          + "the seed; at most the training set's size.",
        default: "10000"),
      .value(
        "response", "NAME",
        help: "What the Taylor criteria keep unchanged: output (logits), "
          + "probabilities or loss.",
        default: "output"),
      .value(
        "seed", "SEED",
        help: "Seed of the scoring subset, the random criterion, "
          + "fine-tuning and, without --model, the training.",
        default: "0"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
    ] + GroundTruthOptions.specifications)

  func run(_ options: ParsedOptions) throws -> Int32 {
    var settings = SweepSettings()
    settings.ratios = try options.doubleList("ratios", in: 0...1)
    settings.criteria = try options.nameList(
      "criteria", allowed: Criterion.allCases.map(\.rawValue)
    ).compactMap(Criterion.init(rawValue:))
    settings.fineTuneEpochs = try options.integerList(
      "fine-tune-epochs", in: 0...1000)
    settings.scoringSampleCount = try options.integer(
      "scoring-samples", in: 1...Int.max)
    settings.response = try choice(options, "response", Response.self)
    settings.seed = try options.seed("seed")
    settings.groundTruth = try GroundTruthOptions.parse(
      options, scoringSamples: settings.scoringSampleCount, command: "sweep")
    guard !settings.ratios.isEmpty, !settings.fineTuneEpochs.isEmpty else {
      throw UsageError.invalid(
        command: "sweep", "--ratios and --fine-tune-epochs need values")
    }
    try rejectDuplicates(settings.ratios.map { "\($0)" }, option: "ratios")
    try rejectDuplicates(
      settings.criteria.map(\.rawValue), option: "criteria")
    try rejectDuplicates(
      settings.fineTuneEpochs.map { "\($0)" }, option: "fine-tune-epochs")
    // Tables and plots read left to right in increasing order.
    settings.ratios.sort()
    settings.fineTuneEpochs.sort()
    let folder = options.string("out-dir")!
    guard !folder.isEmpty else {
      throw UsageError.invalid(command: "sweep", "--out-dir is empty")
    }
    try OutputPaths.check(
      PruningReport.fileNames(settings).map { folder + "/" + $0 },
      command: "sweep")

    var dataSettings = TrainingSettings()
    dataSettings.dataDirectory = options.string("data-dir")!
    dataSettings.seed = settings.seed
    let (training, test) = try TrainingExperiment.loadData(dataSettings)
    let network: Network
    if let modelPath = options.string("model") {
      network = try ModelFile.read(modelPath)
      try ModelChecks.matches(
        network, featureCount: training.featureCount,
        classCount: training.classCount, modelPath: modelPath)
    } else {
      Diagnostics.note("no --model given: training the default network")
      let progressLine = TrainingProgressLine(epochs: dataSettings.epochs)
      network =
        TrainingExperiment.run(dataSettings, training: training, test: test) {
          progressLine.update($0)
        }.network
    }

    let dataset = DatasetDescription(
      name: TrainingExperiment.datasetName(dataSettings.dataDirectory),
      source: dataSettings.dataDirectory,
      trainingSampleCount: training.count, testSampleCount: test.count)
    let data = SupervisedData(
      training: training, test: test, description: dataset)
    let outcome = try PruningSweep.run(
      network: network, data: data, settings: settings,
      progress: Diagnostics.note)
    let paths = try PruningReport.write(outcome, to: folder)
    Diagnostics.note("wrote \(paths.count) files into \(folder)")
    print(
      "unpruned test accuracy "
        + PruningReport.percent(outcome.unpruned.accuracy ?? .nan)
        + "; report in \(folder)/pruning.md")
    return 0
  }
}

/// Throws when a comma-separated option of `command` names a value twice.
func rejectDuplicates(
  _ values: [String], option: String, command: String = "sweep"
) throws {
  var seen: Set<String> = []
  for value in values {
    guard seen.insert(value).inserted else {
      throw UsageError.invalid(
        command: command,
        "invalid value for --\(option): '\(value)' is given twice")
    }
  }
}
