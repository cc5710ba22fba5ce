import Reporting
import Verification

/// The findings of the verification page, written from the numbers.
///
/// Every number and comparison is computed from the run, so a rerun
/// states what its own numbers show. Explanations are facts of the
/// formulas, and each is attached only where the numbers fit it.
enum VerificationFindings {
  static func text(_ outcome: VerificationOutcome) -> String {
    let paragraphs = [
      derivatives(outcome), accuracy(outcome), taylor(outcome),
      selfCheck(outcome), ranks(outcome), pruning(outcome),
    ].filter { !$0.isEmpty }
    return (["## Findings"] + paragraphs.map { "- " + $0 })
      .joined(separator: "\n\n")
  }

  /// States whether the derivative checks pass.
  static func derivatives(_ outcome: VerificationOutcome) -> String {
    let sensitivity = outcome.sensitivityCheck.total
    let gradient = outcome.gradientCheck.total
    let failed = sensitivity.failed + gradient.failed
    let kinks = sensitivity.kinks + gradient.kinks
    let largest = max(sensitivity.maxRelativeError, gradient.maxRelativeError)
    let kinkText =
      kinks == 0
      ? "" : " \(kinks) entries lay at a kink and were not compared."
    guard failed == 0 else {
      return "The derivative checks fail: \(failed) of "
        + "\(sensitivity.smooth + gradient.smooth) smooth entries differ "
        + "from GSL's central differences by more than the tolerance "
        + "(largest relative error " + significant(largest) + ")."
        + kinkText
    }
    return "The derivative checks pass: all \(sensitivity.smooth) smooth "
      + "entries of ∂y/∂z and \(gradient.smooth) of ∂loss/∂W agree with "
      + "GSL's central differences, with a largest relative error of "
      + significant(largest) + "." + kinkText
  }

  /// Summarises the closed form's errors per layer.
  static func accuracy(_ outcome: VerificationOutcome) -> String {
    let tolerance = VerificationReport.exactTolerance
    let parts = outcome.layers.map { layer -> String in
      let beta = layer.compensationError
      let importance = layer.importanceError
      return "layer \(layer.layer): "
        + share(beta.count(within: tolerance), of: beta.count)
        + " of β* and "
        + share(importance.count(within: tolerance), of: importance.count)
        + " of I within "
        + NumberFormat.significant(tolerance, digits: 1)
        + ", median errors " + significant(beta.median) + " and "
        + significant(importance.median)
    }
    var text =
      "Against the ground truth of every weight ("
      + parts.joined(separator: "; ") + ")."
    if outcome.isPiecewiseLinear {
      text +=
        " With piecewise-linear activations the output is affine in zˡᵢ "
        + "until some pre-activation crosses a kink, so the linearised "
        + "objective is the true E and β* is exact for every weight whose "
        + "removal and compensation move no sample across a kink."
    }
    let zeroTruths = outcome.layers.reduce(0) {
      $0 + $1.compensationError.zeroTruth
    }
    if zeroTruths > 0 {
      text +=
        " For \(zeroTruths) weights β_true is exactly 0 while β* is not, "
        + "because E′(0) is 0 to rounding and the ground truth stays at "
        + "β = 0 (with ReLU, where the removal switches the unit off on "
        + "every sample whose output it changes). Their errors are measured against the floor, which can make "
        + "them large."
    }
    let zeroUnits = outcome.layers.map(\.zeroSensitivityUnits.count)
    if zeroUnits.contains(where: { $0 > 0 }) {
      text +=
        " Units with zero sensitivity, whose weights the closed form "
        + "scores 0: "
        + zeroUnits.enumerated().map { "\($1) in layer \($0)" }
        .joined(separator: ", ") + "."
    }
    if !outcome.groundTruthFailures.isEmpty {
      text +=
        " The ground truth failed for \(outcome.groundTruthFailures.count) "
        + "weights, which are left out of the comparison."
    }
    return text
  }

  /// Summarises the observed orders of the Taylor tests.
  static func taylor(_ outcome: VerificationOutcome) -> String {
    let cases = outcome.taylorCases.joined().compactMap(\.result)
    guard !cases.isEmpty else { return "" }
    func summary(_ orders: [ObservedOrder], expected: Int) -> String {
      let exact = orders.filter(\.isExact).count
      let reaching = orders.filter {
        !$0.isExact && $0.roundingReachedAt != nil
      }.count
      let fitted = orders.map(\.fittedOrder).filter(\.isFinite)
      let unfitted = orders.filter { !$0.isExact && $0.fittedOrder.isNaN }
      var text =
        "\(exact) exact at every ε, \(reaching) at rounding level once ε "
        + "is small enough"
      if !unfitted.isEmpty {
        text +=
          " (\(unfitted.count) of them with fewer than three points above "
          + "rounding, too few to fit an order)"
      }
      if !fitted.isEmpty {
        text +=
          ", fitted orders " + significant(fitted.min()!) + " to "
          + significant(fitted.max()!) + " (median "
          + significant(RelativeErrorSummary.median(fitted))
          + "; the theory gives \(expected) for smooth activations)"
      }
      return text
    }
    let failed = outcome.taylorCases.joined().count - cases.count
    return "Taylor tests of \(cases.count) weights: for β, "
      + summary(cases.map(\.compensation), expected: 2) + "; for I, "
      + summary(cases.map(\.importance), expected: 3) + "."
      + (failed > 0 ? " \(failed) tests failed to solve." : "")
  }

  /// Summarises the solver's self-check.
  static func selfCheck(_ outcome: VerificationOutcome) -> String {
    let checks = outcome.layers.map(\.selfCheck)
    let compared = checks.reduce(0) { $0 + $1.compared }
    guard compared > 0 else { return "" }
    let agreeing = checks.reduce(0) { $0 + $1.agreeing }
    let batched = checks.reduce(0) { $0 + $1.batchedLower }
    let reference = checks.reduce(0) { $0 + $1.referenceLower }
    let equal = checks.reduce(0) { $0 + $1.equalObjective }
    let unsolved = checks.reduce(0) { $0 + $1.unsolved }
    var text =
      "The batched ground truth and GSL's Brent solver agree to "
      + NumberFormat.significant(checks[0].tolerance, digits: 1)
      + " on \(agreeing) of \(compared) "
      + "sampled weights"
    if agreeing < compared {
      text +=
        "; of the others, the batched solver reaches the lower E on "
        + "\(batched), Brent on \(reference), and \(equal) tie in E, "
        + "because E of a ReLU network can have several local minima "
        + "downhill from 0 and flat stretches"
    }
    text += "."
    if unsolved > 0 {
      text += " \(unsolved) sampled weights were not solved by both."
    }
    return text
  }

  /// Summarises the rank agreement.
  static func ranks(_ outcome: VerificationOutcome) -> String {
    let perLayer = outcome.layers.map {
      "layer \($0.layer) " + VerificationReport.tauText($0.kendallTau)
    }.joined(separator: ", ")
    var text =
      "Kendall's τ-b of I against E(β_true) is "
      + VerificationReport.tauText(outcome.kendallTau)
      + " over all weights (" + perLayer + ")."
    let quoted = outcome.overlaps.filter { [0.5, 0.9].contains($0.ratio) }
    if !quoted.isEmpty {
      text +=
        " Of the weights the closed form removes first, "
        + quoted.map {
          VerificationReport.percent($0.global) + " at ratio \($0.ratio)"
        }.joined(separator: " and ")
        + " are also among those the ground truth removes first."
    }

    // The smallest ratio is where ties at 0 fill most of the k.
    let weights = outcome.layers.reduce(0) { $0 + $1.weightCount }
    let zeroClosed = outcome.layers.reduce(0) { $0 + $1.zeroImportanceCount }
    let zeroTrue = outcome.layers.reduce(0) {
      $0 + $1.zeroTrueImportanceCount
    }
    if let first = outcome.overlaps.min(by: { $0.ratio < $1.ratio }),
      weights > 0,
      first.global < outcome.overlaps.map(\.global).max()! - 0.05
    {
      let k = Double(weights) * first.ratio
      if Double(max(zeroClosed, zeroTrue)) >= 0.5 * k {
        text +=
          " The overlap is lowest at ratio \(first.ratio) ("
          + VerificationReport.percent(first.global) + "): "
          + share(zeroClosed, of: weights) + " of the weights have I = 0 "
          + "exactly and " + share(zeroTrue, of: weights)
          + " have E(β_true) = 0 exactly, so the lowest "
          + VerificationReport.percent(first.ratio)
          + " of weights consists mostly of ties at 0, which both orders "
          + "break by position"
          + (zeroClosed != zeroTrue
            ? ", and the two scorings do not put the same weights at 0."
            : ".")
      }
    }
    return text
  }

  /// Compares the four compensations by E and by test accuracy.
  static func pruning(_ outcome: VerificationOutcome) -> String {
    let ratios = outcome.settings.pruningRatios
    guard !ratios.isEmpty else { return "" }
    func row(_ ratio: Double, _ compensation: BiasCompensation)
      -> CompensationRow?
    {
      outcome.compensationRows.first {
        $0.ratio == ratio && $0.compensation == compensation
      }
    }

    // Which compensation keeps E lowest at each ratio.
    var lowest: [BiasCompensation: [Double]] = [:]
    var trueBeatsClosed: [Double] = []
    var closedBeatsTrue: [Double] = []
    for ratio in ratios {
      let rows = BiasCompensation.allCases.compactMap { row(ratio, $0) }
      if let best = rows.min(by: { $0.objective < $1.objective }) {
        lowest[best.compensation, default: []].append(ratio)
      }
      if let closed = row(ratio, .closedForm),
        let truth = row(ratio, .groundTruth)
      {
        if truth.objective < closed.objective {
          trueBeatsClosed.append(ratio)
        } else if closed.objective < truth.objective {
          closedBeatsTrue.append(ratio)
        }
      }
    }
    let winners = BiasCompensation.allCases.compactMap { compensation in
      lowest[compensation].map {
        compensation.rawValue + " at "
          + ($0.count == ratios.count ? "every ratio" : ratioList($0))
      }
    }
    var text =
      "Pruning by the closed-form importance, the lowest E is reached by "
      + winners.joined(separator: " and by ") + "."
    if !closedBeatsTrue.isEmpty {
      text +=
        " The sum of β* keeps E lower than the sum of β_true at "
        + ratioList(closedBeatsTrue)
        + ": within a row the summed β* is the optimum of the joint "
        + "linearised problem, while each β_true is optimal only for its "
        + "own weight removed alone."
    }
    if !trueBeatsClosed.isEmpty {
      text +=
        " The sum of β_true keeps E lower at " + ratioList(trueBeatsClosed)
        + "."
    }
    let uncompensatedBetter = ratios.filter { ratio in
      guard let closed = row(ratio, .closedForm), let bare = row(ratio, .none)
      else { return false }
      return bare.objective < closed.objective
    }
    if !uncompensatedBetter.isEmpty {
      text +=
        " Leaving the biases alone gives a lower E than the summed β* at "
        + ratioList(uncompensatedBetter)
        + ": each β* is computed for its weight removed alone from the "
        + "unpruned network, so once many rows of a layer change at the "
        + "same time the linear model behind the sums evidently no longer "
        + "holds."
    }

    // Test accuracy at the highest ratio.
    let top = ratios.max()!
    let accuracies = BiasCompensation.allCases.compactMap { compensation in
      row(top, compensation).map {
        "\(compensation.rawValue) "
          + VerificationReport.percent($0.testAccuracy)
      }
    }
    text +=
      " At ratio \(top) the test accuracy is "
      + accuracies.joined(separator: ", ") + " (unpruned "
      + VerificationReport.percent(outcome.unpruned.accuracy ?? .nan) + ")."
    return text
  }

  /// Returns "ratio r" for one ratio and "ratios r₁, r₂ and r₃" for more.
  static func ratioList(_ ratios: [Double]) -> String {
    let names = ratios.map { "\($0)" }
    guard names.count > 1 else { return "ratio " + (names.first ?? "") }
    return "ratios " + names.dropLast().joined(separator: ", ") + " and "
      + names.last!
  }

  static func significant(_ value: Double) -> String {
    NumberFormat.significant(value, digits: 3)
  }

  static func share(_ part: Int, of whole: Int) -> String {
    VerificationReport.fraction(part, of: whole)
  }
}
