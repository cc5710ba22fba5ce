import Datasets
import Experiments
import FileIO
import OptionParsing

/// `ecprune analyze`: measures the closed form's error against removal
/// fraction, depth, noise and pruning ratio and writes the report.
struct AnalyzeCommand: Subcommand {
  let specification = CommandSpecification(
    name: "analyze",
    summary:
      "Trains small Fashion-MNIST classifiers and diffusion-sorption "
      + "regressors (ReLU and tanh; 1 to 8 hidden layers; several noise "
      + "levels) and measures the closed form's error against the GSL "
      + "ground truth: Taylor curves and fitted bounds per layer, rank "
      + "agreement, and pruning with closed-form, true and jointly "
      + "re-fitted compensation. Writes Markdown, CSV, JSON and SVG.",
    options: [
      .value(
        "analyses", "LIST",
        help: "Comma-separated, from perturbation, depth, noise, ratio.",
        default: "perturbation,depth,noise,ratio"),
      .value(
        "datasets", "LIST",
        help: "Comma-separated, from fashion-mnist, diffusion-sorption.",
        default: "fashion-mnist,diffusion-sorption"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
      .value(
        "cache-dir", "FOLDER",
        help: "Where generated diffusion-sorption trajectories are cached; "
          + "empty for no cache.",
        default: DiffusionSorptionData.defaultCacheFolder),
      .value(
        "out-dir", "FOLDER", help: "Where the report files go.",
        default: "Reports/analysis"),
      .value(
        "seed", "SEED",
        help: "Seed of the weights, sample order, noise, samples and the "
          + "weights measured.",
        default: "0"),
      .flag(
        "quick",
        help: "A reduced run of about 15 seconds: smaller data and networks, "
          + "depths 1, 2 and 4, two noise levels, fewer weights."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    let (settings, sources) = try Self.settings(options, command: "analyze")
    let folder = options.string("out-dir") ?? "Reports/analysis"
    guard !folder.isEmpty else {
      throw UsageError.invalid(command: "analyze", "--out-dir is empty")
    }
    try OutputPaths.check(
      AnalysisReport.fileNames(settings).map { folder + "/" + $0 },
      command: "analyze")
    try Self.checkInputs(settings, sources: sources)
    let (_, paths) = try Self.analyze(settings, sources: sources, into: folder)
    print("analysis: wrote \(paths.count) files into \(folder)")
    return 0
  }

  /// Reads the settings and data sources from `options`.
  static func settings(_ options: ParsedOptions, command: String) throws
    -> (AnalysisSettings, AnalysisDataSources)
  {
    let quick = options.flag("quick")
    var settings = quick ? AnalysisSettings.quick : AnalysisSettings()
    var sources = quick ? AnalysisDataSources.quick : AnalysisDataSources()
    settings.analyses = try options.nameList(
      "analyses", allowed: AnalysisKind.allCases.map(\.rawValue)
    ).compactMap(AnalysisKind.init(rawValue:))
    settings.datasets = try options.nameList(
      "datasets", allowed: AnalysisDataset.allCases.map(\.rawValue)
    ).compactMap(AnalysisDataset.init(rawValue:))
    try rejectDuplicates(
      settings.analyses.map(\.rawValue), option: "analyses", command: command)
    try rejectDuplicates(
      settings.datasets.map(\.rawValue), option: "datasets", command: command)
    settings.seed = try options.seed("seed")
    sources.dataDirectory = options.string("data-dir") ?? sources.dataDirectory
    let cache = options.string("cache-dir") ?? ""
    sources.cacheFolder = cache.isEmpty ? nil : cache
    return (settings, sources)
  }

  /// Checks before any work that the image files are 28 × 28 and that
  /// the trajectory cache can be written.
  ///
  /// - Throws: `InputError` naming the folder and what to do.
  static func checkInputs(
    _ settings: AnalysisSettings, sources: AnalysisDataSources
  ) throws {
    if settings.datasets.contains(.fashionMNIST) {
      let folder = IDXDataDirectory(path: sources.dataDirectory)
      let (training, _) = try folder.load()
      guard training.featureCount == 28 * 28 else {
        throw InputError(
          path: sources.dataDirectory,
          "the analyses expect 28 × 28 images but the files have "
            + "\(training.featureCount) pixels; use Fashion-MNIST or MNIST")
      }
    }
    if settings.datasets.contains(.diffusionSorption),
      let cache = sources.cacheFolder
    {
      do {
        try AtomicFile.checkWritable(cache + "/write-check")
      } catch let error as InputError {
        throw InputError(
          path: cache,
          "the trajectory cache cannot be written (\(error.message)); pass "
            + "another --cache-dir, or an empty one for no cache")
      }
    }
  }

  /// Runs the analyses with progress on stderr and writes the report.
  static func analyze(
    _ settings: AnalysisSettings, sources: AnalysisDataSources,
    into folder: String
  ) throws -> (AnalysisOutcome, [String]) {
    let count = settings.configurations.count
    Diagnostics.note(
      "analysing \(count) networks on "
        + settings.datasets.map(\.rawValue).joined(separator: " and "))
    let outcome = try ErrorAnalysisExperiment.run(
      settings,
      data: { dataset, noise in
        Diagnostics.note(
          "loading \(dataset.rawValue) with training noise \(noise)")
        return try sources.load(dataset, noise: noise, seed: settings.seed)
      }, progress: Diagnostics.note)
    let paths = try AnalysisReport.write(outcome, to: folder)
    return (outcome, paths)
  }
}
