import Experiments
import OptionParsing

/// The options of the nonlinear baseline's ground truth, shared by
/// `prune` and `sweep`.
enum GroundTruthOptions {
  static let specifications: [OptionSpecification] = [
    .value(
      "truth-samples", "N",
      help: "For nonlinear-compensation: how many of the scoring samples "
        + "the ground truth E(β) is measured on.",
      default: "1000"),
    .value(
      "truth-weights", "N|all",
      help: "For nonlinear-compensation: solve every weight (all) or a "
        + "seeded random N of them, scoring the rest by the closed form.",
      default: "all"),
  ]

  /// Reads the two options; the ground truth's samples are some of the
  /// `scoringSamples` the command scores on.
  static func parse(
    _ options: ParsedOptions, scoringSamples: Int, command: String
  ) throws -> GroundTruthSettings {
    var settings = GroundTruthSettings()
    settings.sampleCount = try options.integer(
      "truth-samples", in: 1...Int.max)
    // The default of 1000 follows smaller scoring sets down quietly; an
    // explicit larger value is a mistake worth naming.
    if settings.sampleCount > scoringSamples {
      guard options.values["truth-samples"] == nil else {
        throw UsageError.invalid(
          command: command,
          "--truth-samples \(settings.sampleCount) exceeds --scoring-samples "
            + "\(scoringSamples); choose at most that")
      }
      settings.sampleCount = scoringSamples
    }
    if options.string("truth-weights") != "all" {
      settings.weightLimit = try options.integer(
        "truth-weights", in: 1...Int.max)
    }
    return settings
  }
}
