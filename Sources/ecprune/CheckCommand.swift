import FileIO
import NeuralNetwork
import OptionParsing
import Pruning
import Reporting
import TensorFiles
import Verification

/// `ecprune check`: validates another implementation's compensations and
/// importances from files.
struct CheckCommand: Subcommand {
  let specification = CommandSpecification(
    name: "check",
    summary:
      "Checks another implementation's claimed compensations and "
      + "importances against this package's closed form, with the GSL "
      + "ground truth for the worst mismatches. Exit status 0 when every "
      + "claim is within tolerance, 1 on mismatches, 2 on bad input.",
    options: [
      .value(
        "model", "FILE", help: "The safetensors model the claims are for."),
      .value(
        "inputs", "FILE",
        help: "The scoring samples as a 2-D .npy array, one row per sample."),
      .value(
        "claims", "FILE",
        help: "safetensors with layers.{l}.compensation and "
          + "layers.{l}.importance shaped like the weights, and metadata "
          + "'response' (output, probabilities or loss)."),
      .value(
        "labels", "FILE",
        help: "Class labels as a 1-D .npy array; needed for the loss "
          + "response only."),
      .value(
        "relative-tolerance", "R",
        help: "A claim c matches the closed form r when |c − r| ≤ A + R·|r|.",
        default: "1e-6"),
      .value(
        "absolute-tolerance", "A", help: "A in the rule above.",
        default: "1e-12"),
      .value(
        "show", "N", help: "How many of the worst mismatches to list.",
        default: "10"),
    ])

  func run(_ options: ParsedOptions) throws -> Int32 {
    for name in ["model", "inputs", "claims"] where options.string(name) == nil
    {
      throw UsageError.invalid(command: "check", "missing option --\(name)")
    }
    let relative = try options.double("relative-tolerance", in: 0...1)
    let absolute = try options.double(
      "absolute-tolerance", in: 0...Double.greatestFiniteMagnitude)
    let shown = try options.integer("show", in: 0...100_000)
    let modelPath = options.string("model")!
    let inputsPath = options.string("inputs")!

    let network = try ModelFile.read(modelPath)
    let inputs = try NumpyArray.read(inputsPath)
    guard inputs.shape.count == 2, inputs.shape[0] > 0,
      inputs.shape[1] == network.inputCount
    else {
      throw InputError(
        path: inputsPath,
        "has shape \(inputs.shape); expected [samples, \(network.inputCount)] "
          + "with at least one sample for this model")
    }
    if let bad = inputs.values.firstIndex(where: { !$0.isFinite }) {
      throw InputError(
        path: inputsPath,
        "holds \(inputs.values[bad]) at flat index \(bad); inputs must be "
          + "finite")
    }
    let claims = try Claims.read(options.string("claims")!, for: network)
    let targets = try labels(
      options.string("labels"), count: inputs.shape[0],
      classes: network.outputCount, response: claims.response)
    let data = ScoringData(
      features: Matrix(
        rows: inputs.shape[0], columns: inputs.shape[1], values: inputs.values),
      targets: targets)

    let result = try ClaimCheck.run(
      network: network, data: data, claims: claims,
      relativeTolerance: relative, absoluteTolerance: absolute, shown: shown)
    print(report(result, response: claims.response))
    return result.passed ? 0 : 1
  }

  /// Reads the labels, or makes placeholders when the response needs none.
  private func labels(
    _ path: String?, count: Int, classes: Int, response: Response
  ) throws -> Targets {
    guard let path else {
      guard response != .loss else {
        throw UsageError.invalid(
          command: "check", "the loss response needs --labels")
      }
      return .classes([Int](repeating: 0, count: count))
    }
    let tensor = try NumpyArray.read(path)
    guard tensor.shape == [count] else {
      throw InputError(
        path: path, "has shape \(tensor.shape); expected [\(count)]")
    }
    return .classes(
      try tensor.values.enumerated().map { index, value in
        guard value >= 0, value < Double(classes), value == value.rounded()
        else {
          throw InputError(
            path: path,
            "label \(value) at index \(index) is not a class in 0..<\(classes)")
        }
        return Int(value)
      })
  }

  private func report(_ result: ClaimCheckResult, response: Response)
    -> String
  {
    var lines = [
      "\(result.withinTolerance) of \(result.claimCount) claims within "
        + "tolerance (response \(response.rawValue))"
    ]
    if !result.passed {
      lines.append(
        "mismatches per layer: "
          + result.mismatchesPerLayer.enumerated().map { "\($0): \($1)" }
          .joined(separator: ", "))
      var table = Table(columns: [
        "weight", "quantity", "claimed", "closed form", "ground truth",
        "relative error",
      ])
      for mismatch in result.worst {
        table.append([
          "\(mismatch.weight)", mismatch.quantity,
          NumberFormat.significant(mismatch.claimed, digits: 10),
          NumberFormat.significant(mismatch.closedForm, digits: 10),
          mismatch.groundTruth.map {
            NumberFormat.significant($0, digits: 10)
          } ?? "n/a",
          NumberFormat.significant(mismatch.relativeError, digits: 3),
        ])
      }
      lines.append(table.markdown())
    }
    return lines.joined(separator: "\n")
  }
}
