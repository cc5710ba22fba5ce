import Pruning
import Reporting

/// The findings paragraph of the pruning page, written from the numbers.
///
/// Every number and every comparison is computed from the sweep's rows,
/// so a rerun states what its own numbers show. The mechanisms offered as
/// explanations are facts of the formulas or are worded as hypotheses.
/// A classifier's findings compare test accuracies in points. A
/// regression's findings compare test losses in relative terms
/// (`PruningLossFindings`).
enum PruningFindings {
  static func text(_ outcome: SweepOutcome) -> String {
    var lines = ["## Where the method wins and where it loses", ""]
    let method = Criterion.eliminationCompensation
    guard outcome.settings.criteria.contains(method) else {
      return (lines + ["The sweep did not include the method."])
        .joined(separator: "\n")
    }
    guard outcome.reportsAccuracy else {
      return (lines + PruningLossFindings.paragraphs(outcome))
        .joined(separator: "\n")
    }
    for (scope, epochs) in PruningReport.panels(outcome.settings) {
      lines.append(
        "- " + panelSummary(outcome, scope: scope, epochs: epochs))
    }
    lines.append("")
    lines.append(compensationEffect(outcome))
    lines.append("")
    lines.append(layerAllocation(outcome))
    let responses = responseFinding(outcome)
    if !responses.isEmpty {
      lines.append("")
      lines.append(responses)
    }
    return lines.joined(separator: "\n")
  }

  /// Names the most accurate criterion at each ratio of one panel.
  static func panelSummary(
    _ outcome: SweepOutcome, scope: SelectionScope, epochs: Int
  ) -> String {
    let tuning = epochs == 0 ? "without fine-tuning" : "after \(epochs) epoch"
    var winsByCriterion: [Criterion: [Double]] = [:]
    for ratio in outcome.settings.ratios where ratio > 0 {
      let rows = outcome.rows.filter {
        $0.scope == scope && $0.fineTuneEpochs == epochs && $0.ratio == ratio
      }
      guard let best = rows.map({ $0.testAccuracy ?? .nan }).max() else {
        continue
      }
      // Every criterion tied at the best accuracy is named.
      for row in rows where row.testAccuracy == best {
        winsByCriterion[row.criterion, default: []].append(ratio)
      }
    }
    let parts = outcome.settings.criteria.compactMap {
      criterion -> String? in
      guard let ratios = winsByCriterion[criterion] else { return nil }
      return "\(criterion.rawValue) at "
        + ratios.map { "\($0)" }.joined(separator: ", ")
    }
    let top = outcome.settings.ratios.max() ?? 0
    let reached = [
      Criterion.eliminationCompensation, .nonlinearCompensation, .magnitude,
    ].filter { outcome.settings.criteria.contains($0) }.map { criterion in
      criterion.rawValue + " "
        + percent(
          accuracy(
            outcome, criterion, scope: scope, epochs: epochs, ratio: top))
    }
    var text =
      "\(scope.rawValue.capitalized) scope, \(tuning): the most "
      + "accurate criterion (ties listed) is " + parts.joined(separator: "; ")
      + "."
    if !reached.isEmpty {
      text +=
        " At ratio \(top) the accuracies are "
        + reached.joined(separator: ", ") + "."
    }
    return text
  }

  /// Measures what the bias shift adds over elimination alone, without
  /// fine-tuning.
  static func compensationEffect(_ outcome: SweepOutcome) -> String {
    guard outcome.settings.criteria.contains(.elimination) else { return "" }
    var largestGap = -Double.infinity
    var gain = (SelectionScope.global, 0.0)
    var worstGap = Double.infinity
    var loss = (SelectionScope.global, 0.0)
    var behind: [String] = []
    for scope in outcome.settings.scopes {
      for ratio in outcome.settings.ratios where ratio > 0 {
        let gap =
          accuracy(
            outcome, .eliminationCompensation, scope: scope, epochs: 0,
            ratio: ratio)
          - accuracy(
            outcome, .elimination, scope: scope, epochs: 0, ratio: ratio)
        if gap > largestGap {
          largestGap = gap
          gain = (scope, ratio)
        }
        if gap < worstGap {
          worstGap = gap
          loss = (scope, ratio)
        }
        if gap < -0.005 { behind.append("\(scope.rawValue) \(ratio)") }
      }
    }
    guard largestGap.isFinite else { return "" }

    var text =
      "The compensation itself (elimination-compensation against "
      + "elimination, which scores with the same sensitivities but leaves "
      + "the bias alone) "
    if largestGap > 0.005 {
      text +=
        "is worth up to " + NumberFormat.fixed(100 * largestGap, decimals: 2)
        + " points of test accuracy before fine-tuning, at ratio "
        + "\(gain.1) in \(gain.0.rawValue) scope. By construction the shift "
        + "β* = w·μ turns the change of zˡᵢ from −w·aⱼ into w(μ − aⱼ), so "
        + "it removes the part of the change that comes from the inputs' "
        + "sensitivity-weighted mean; the more of aⱼ that mean explains, "
        + "the more it helps."
    } else {
      text +=
        "changes test accuracy by at most half a point in this sweep."
    }

    // Where it trails, say by how much and whether the loss agrees.
    if !behind.isEmpty {
      let methodLoss = lossValue(
        outcome, .eliminationCompensation, scope: loss.0, epochs: 0,
        ratio: loss.1)
      let eliminationLoss = lossValue(
        outcome, .elimination, scope: loss.0, epochs: 0, ratio: loss.1)
      text +=
        " It trails elimination by more than half a point at "
        + behind.joined(separator: ", ") + "; the largest gap, "
        + NumberFormat.fixed(-100 * worstGap, decimals: 2)
        + " points, is at \(loss.0.rawValue) \(loss.1), with test loss "
        + NumberFormat.significant(methodLoss, digits: 3) + " against "
        + NumberFormat.significant(eliminationLoss, digits: 3) + "."
      if methodLoss > eliminationLoss {
        text +=
          " There the shifts of many removals in one row add up, and β* "
          + "comes from a first-order model that is exact only for small "
          + "changes: once the summed shift is large, nonlinearity and the "
          + "interactions between rows and layers make it overshoot, and "
          + "the loss rises above the uncompensated one."
      }
    }
    return text
  }

  /// Describes how global selection spreads the removals over the layers
  /// at the highest ratio, for the method and for magnitude.
  static func layerAllocation(_ outcome: SweepOutcome) -> String {
    guard var text = allocationSentence(outcome) else { return "" }
    // Per-layer against global selection for the method, without tuning.
    var layerWins: [String] = []
    for ratio in outcome.settings.ratios where ratio > 0 {
      let layer = accuracy(
        outcome, .eliminationCompensation, scope: .layer, epochs: 0,
        ratio: ratio)
      let global = accuracy(
        outcome, .eliminationCompensation, scope: .global, epochs: 0,
        ratio: ratio)
      if layer > global + 0.005 { layerWins.append("\(ratio)") }
    }
    if !layerWins.isEmpty {
      text +=
        " For elimination-compensation, per-layer selection beats global "
        + "selection by more than half a point at ratios "
        + layerWins.joined(separator: ", ")
        + ": summing single-weight importances across layers compares "
        + "output changes that interact once a layer is mostly removed."
    }
    return text + "\n\n" + fineTuningEffect(outcome)
  }

  /// Says how global selection spreads the removals over the layers at
  /// the highest ratio, for the method and for magnitude, or returns
  /// `nil` when either did not run.
  static func allocationSentence(_ outcome: SweepOutcome) -> String? {
    let top = outcome.settings.ratios.max() ?? 0
    func fractions(_ criterion: Criterion) -> String? {
      outcome.rows.first {
        $0.criterion == criterion && $0.scope == .global && $0.ratio == top
          && $0.fineTuneEpochs == 0
      }.map { row in
        row.removedFractions.map { percent($0) }.joined(separator: " / ")
      }
    }
    guard let method = fractions(.eliminationCompensation),
      let magnitude = fractions(.magnitude)
    else { return nil }
    return "At ratio \(top), global selection removes " + method
      + " of the layers' weights (input layer first) with "
      + "elimination-compensation and " + magnitude + " with magnitude."
  }

  /// Measures how fine-tuning changes the spread between criteria.
  static func fineTuningEffect(_ outcome: SweepOutcome) -> String {
    let epochs = outcome.settings.fineTuneEpochs.filter { $0 > 0 }.min()
    let contenders: [Criterion] = [
      .eliminationCompensation, .elimination, .magnitude, .weightGradient,
    ].filter { outcome.settings.criteria.contains($0) }
    let ratio = outcome.settings.ratios.filter { $0 <= 0.9 }.max() ?? 0
    guard let epochs, contenders.count > 1, ratio > 0 else { return "" }
    func spread(_ scope: SelectionScope, _ budget: Int) -> Double {
      let values = contenders.map {
        accuracy(outcome, $0, scope: scope, epochs: budget, ratio: ratio)
      }
      return (values.max() ?? 0) - (values.min() ?? 0)
    }
    let names = contenders.map(\.rawValue).joined(separator: ", ")
    func change(_ scope: SelectionScope) -> String {
      let before = spread(scope, 0)
      let after = spread(scope, epochs)
      let verb = after < before ? "narrows" : "widens"
      return verb + " from "
        + NumberFormat.fixed(100 * before, decimals: 1) + " to "
        + NumberFormat.fixed(100 * after, decimals: 1) + " points in "
        + scope.rawValue + " scope"
    }
    let scopes = outcome.settings.scopes.map(change)
    return "At ratio \(ratio), the spread of test accuracy between "
      + names + " " + scopes.joined(separator: " and ")
      + " after \(epochs) epoch of fine-tuning"
      + ". A plausible reason is that retraining the kept weights can learn "
      + "a bias shift of its own, so after fine-tuning what matters most is "
      + "which weights were kept. "
      + tunedComparison(outcome, epochs)
  }

  /// Lists where the method beats magnitude after fine-tuning.
  static func tunedComparison(_ outcome: SweepOutcome, _ epochs: Int)
    -> String
  {
    guard outcome.settings.criteria.contains(.magnitude) else { return "" }
    var ahead: [String] = []
    var total = 0
    for scope in outcome.settings.scopes {
      for ratio in outcome.settings.ratios where ratio > 0 {
        total += 1
        let method = accuracy(
          outcome, .eliminationCompensation, scope: scope, epochs: epochs,
          ratio: ratio)
        let magnitude = accuracy(
          outcome, .magnitude, scope: scope, epochs: epochs, ratio: ratio)
        if method > magnitude { ahead.append("\(scope.rawValue) \(ratio)") }
      }
    }
    if ahead.isEmpty {
      return "After fine-tuning, elimination-compensation is behind "
        + "magnitude at every ratio in both scopes."
    }
    return "After fine-tuning, elimination-compensation is ahead of "
      + "magnitude in \(ahead.count) of \(total) configurations ("
      + ahead.joined(separator: ", ") + ")."
  }

  /// Returns the row of one configuration, or `nil` when the sweep did
  /// not run it.
  static func row(
    _ outcome: SweepOutcome, _ criterion: Criterion, scope: SelectionScope,
    epochs: Int, ratio: Double
  ) -> SweepRow? {
    outcome.rows.first {
      $0.criterion == criterion && $0.scope == scope
        && $0.fineTuneEpochs == epochs && $0.ratio == ratio
    }
  }

  /// Returns the test accuracy of one configuration, NaN when absent.
  static func accuracy(
    _ outcome: SweepOutcome, _ criterion: Criterion, scope: SelectionScope,
    epochs: Int, ratio: Double
  ) -> Double {
    row(outcome, criterion, scope: scope, epochs: epochs, ratio: ratio)?
      .testAccuracy ?? .nan
  }

  /// Returns the test loss of one configuration, NaN when absent.
  static func lossValue(
    _ outcome: SweepOutcome, _ criterion: Criterion, scope: SelectionScope,
    epochs: Int, ratio: Double
  ) -> Double {
    row(outcome, criterion, scope: scope, epochs: epochs, ratio: ratio)?
      .testLoss ?? .nan
  }

  static func percent(_ value: Double) -> String {
    NumberFormat.fixed(100 * value, decimals: 2) + " %"
  }
}
