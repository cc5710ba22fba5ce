import Datasets
import Experiments
import FileIO
import OptionParsing

/// `ecprune report`: regenerates every report under one folder, then
/// writes the index `README.md` that links them.
struct ReportCommand: Subcommand {
  let specification = CommandSpecification(
    name: "report",
    summary:
      "Writes every report: trains the default Fashion-MNIST model, runs "
      + "the pruning sweep, verifies the model against the GSL ground "
      + "truth, runs the error analyses, sweeps diffusion-sorption at each "
      + "noise level, and writes the index README.md. About 15 minutes on "
      + "2 cores; --quick takes about half a minute.",
    options: [
      .value(
        "out-dir", "FOLDER", help: "The reports folder.", default: "Reports"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
      .value(
        "cache-dir", "FOLDER",
        help: "Where generated diffusion-sorption trajectories are cached.",
        default: DiffusionSorptionData.defaultCacheFolder),
      .value(
        "seed", "SEED", help: "Seed of every random choice.", default: "0"),
      .flag(
        "quick",
        help: "A reduced version of every step, for a first look and the "
          + "end-to-end test."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    let folder = options.string("out-dir") ?? "Reports"
    guard !folder.isEmpty else {
      throw UsageError.invalid(command: "report", "--out-dir is empty")
    }
    let quick = options.flag("quick")
    let seed = try options.seed("seed")
    let dataFolder = options.string("data-dir") ?? IDXDataDirectory.defaultPath
    let cache = options.string("cache-dir") ?? ""
    let model = folder + "/model.safetensors"
    let common = ["--seed", "\(seed)", "--data-dir", dataFolder]

    // The analysis settings come first so that bad options fail before
    // hours of work.
    var analysisOptions = [
      "--seed", "\(seed)", "--data-dir", dataFolder, "--cache-dir", cache,
    ]
    if quick { analysisOptions.append("--quick") }
    let (analysis, sources) = try AnalyzeCommand.settings(
      try AnalyzeCommand().specification.parse(analysisOptions),
      command: "report")
    var diffusion =
      quick
      ? DiffusionSorptionSweepSettings.quick : DiffusionSorptionSweepSettings()
    diffusion.seed = seed
    diffusion.cacheFolder = cache.isEmpty ? nil : cache

    // Every output of the steps that follow the first, and the data the
    // analyses need, are checked now: a run should not end with half its
    // reports written. Each file is written atomically, so a failure
    // later (a GSL status) leaves whole files of the finished steps.
    try OutputPaths.check(
      AnalysisReport.fileNames(analysis).map { folder + "/analysis/" + $0 }
        + DiffusionSorptionReport.fileNames(diffusion).map {
          folder + "/diffusion-sorption/" + $0
        } + [folder + "/README.md"], command: "report")
    try AnalyzeCommand.checkInputs(analysis, sources: sources)

    let steps: [(String, Subcommand, [String])] = [
      (
        "train", TrainCommand(),
        ["--out", model, "--report", folder + "/training"] + common
          + (quick
            ? ["--hidden", "32", "--epochs", "1", "--training-samples", "2000"]
            : [])
      ),
      (
        "sweep", SweepCommand(),
        ["--model", model, "--out-dir", folder + "/pruning"] + common
          + (quick
            ? [
              "--ratios", "0,0.5,0.9", "--scoring-samples", "500",
              "--truth-samples", "100", "--fine-tune-epochs", "0",
            ] : [])
      ),
      (
        "verify", VerifyCommand(),
        ["--model", model, "--out-dir", folder + "/verification"] + common
          + (quick
            ? [
              "--samples", "100", "--derivative-samples", "8", "--ratios",
              "0.5,0.9", "--self-check-weights", "3",
            ] : [])
      ),
    ]
    for (index, step) in steps.enumerated() {
      Diagnostics.note("report step \(index + 1)/5: \(step.0)")
      let status = try step.1.run(try step.1.specification.parse(step.2))
      guard status == 0 else { return status }
    }

    Diagnostics.note("report step 4/5: analyze")
    let (analysisOutcome, _) = try AnalyzeCommand.analyze(
      analysis, sources: sources, into: folder + "/analysis")
    Diagnostics.note("report step 5/5: diffusion-sorption sweeps")
    let diffusionOutcome = try DiffusionSorptionExperiment.run(
      diffusion, progress: Diagnostics.note)
    try DiffusionSorptionReport.write(
      diffusionOutcome, to: folder + "/diffusion-sorption")

    try AtomicFile.write(
      text: ReportIndex.markdown(
        analysis: analysisOutcome,
        diffusionFindings: DiffusionSorptionReport.findings(diffusionOutcome),
        quick: quick,
        hasPerformancePage: AtomicFile.exists(folder + "/performance.md"),
        hasRobustnessPage: AtomicFile.exists(folder + "/robustness.md")),
      to: folder + "/README.md")
    print("reports written into \(folder); index in \(folder)/README.md")
    return 0
  }
}
