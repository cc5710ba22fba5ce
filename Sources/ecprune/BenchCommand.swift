import Datasets
import Experiments
import FileIO
import OptionParsing

/// `ecprune bench`: measures the training speed and BLAS throughput.
struct BenchCommand: Subcommand {
  let specification = CommandSpecification(
    name: "bench",
    summary:
      "Measures the training epoch time on Fashion-MNIST, the GEMM "
      + "throughput inside a training step and the dgemm peak of the same "
      + "BLAS, in one run.",
    options: [
      .value(
        "epochs", "N", help: "Training epochs to time.", default: "2"),
      .value("seed", "SEED", help: "Seed of the timed training.", default: "0"),
      .value(
        "data-dir", "FOLDER", help: "Folder with the four IDX files.",
        default: IDXDataDirectory.defaultPath),
      .value("json", "FILE", help: "Where to write the JSON record."),
      .value("markdown", "FILE", help: "Where to write the benchmark page."),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    var settings = TrainingSettings()
    settings.seed = try options.seed("seed")
    settings.dataDirectory = options.string("data-dir")!
    let epochs = try options.integer("epochs", in: 1...100)
    let jsonPath = options.string("json")
    let markdownPath = options.string("markdown")
    for path in [jsonPath, markdownPath].compactMap({ $0 }) {
      try AtomicFile.checkWritable(path)
    }

    let result = try TrainingBenchmark.run(
      settings: settings, epochs: epochs, note: Diagnostics.note)
    if let jsonPath {
      try AtomicFile.write(
        text: BenchmarkReport.json(result).rendered(), to: jsonPath)
    }
    let page = BenchmarkReport.markdown(result)
    if let markdownPath {
      try AtomicFile.write(text: page, to: markdownPath)
    }
    print(page, terminator: "")
    return 0
  }
}
