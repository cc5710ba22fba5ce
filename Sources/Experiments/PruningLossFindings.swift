import Pruning
import Reporting

/// The findings of a regression sweep, written from its test losses.
///
/// A regression has no accuracy and no chance level, so every comparison
/// is between test losses, where lower is better. A difference counts
/// when one loss is more than `margin` below or above the other. The
/// paragraphs follow the classifier's findings (`PruningFindings`) point
/// for point.
enum PruningLossFindings {
  /// The relative difference of two test losses below which they count
  /// as equal: 5 %.
  static let margin = 0.05

  /// Returns the paragraphs, one string per line, after the heading.
  static func paragraphs(_ outcome: SweepOutcome) -> [String] {
    var lines = PruningReport.panels(outcome.settings).map { scope, epochs in
      "- " + panelSummary(outcome, scope: scope, epochs: epochs)
    }
    for paragraph in [
      compensationEffect(outcome), layerAllocation(outcome),
      fineTuningEffect(outcome),
      PruningFindings.responseFinding(outcome),
    ] where !paragraph.isEmpty {
      lines += ["", paragraph]
    }
    return lines
  }

  /// Names the criterion of lowest test loss at each ratio of one panel.
  static func panelSummary(
    _ outcome: SweepOutcome, scope: SelectionScope, epochs: Int
  ) -> String {
    var winsByCriterion: [Criterion: [Double]] = [:]
    for ratio in outcome.settings.ratios where ratio > 0 {
      let rows = outcome.rows.filter {
        $0.scope == scope && $0.fineTuneEpochs == epochs && $0.ratio == ratio
      }
      guard let best = rows.map(\.testLoss).min() else { continue }
      // Every criterion tied at the lowest loss is named.
      for row in rows where row.testLoss == best {
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
        + loss(outcome, criterion, scope: scope, epochs: epochs, ratio: top)
    }
    let tuning =
      epochs == 0 ? "without fine-tuning" : "after " + epochCount(epochs)
    var text =
      "\(scope.rawValue.capitalized) scope, \(tuning): the criterion of "
      + "lowest test loss (ties listed) is " + parts.joined(separator: "; ")
      + "."
    if !reached.isEmpty {
      text +=
        " At ratio \(top) the test losses are "
        + reached.joined(separator: ", ") + "."
    }
    return text
  }

  /// Measures what the bias shift adds over elimination alone, without
  /// fine-tuning, as the ratio of their test losses.
  static func compensationEffect(_ outcome: SweepOutcome) -> String {
    guard outcome.settings.criteria.contains(.elimination) else { return "" }
    // The lowest and highest quotient of the two losses, with where.
    typealias Extreme = (
      quotient: Double, scope: SelectionScope, pruningRatio: Double
    )
    var best: Extreme = (.infinity, .global, 0)
    var worst: Extreme = (-.infinity, .global, 0)
    var behind: [String] = []
    for scope in outcome.settings.scopes {
      for ratio in outcome.settings.ratios where ratio > 0 {
        let methodLoss = value(
          outcome, .eliminationCompensation, scope, epochs: 0, ratio: ratio)
        let eliminationLoss = value(
          outcome, .elimination, scope, epochs: 0, ratio: ratio)
        let quotient = methodLoss / eliminationLoss
        guard quotient.isFinite else { continue }
        if quotient < best.quotient { best = (quotient, scope, ratio) }
        if quotient > worst.quotient { worst = (quotient, scope, ratio) }
        if quotient > 1 + margin { behind.append("\(scope.rawValue) \(ratio)") }
      }
    }
    guard best.quotient.isFinite else { return "" }

    var text =
      "The compensation itself (elimination-compensation against "
      + "elimination, which scores with the same sensitivities but leaves "
      + "the bias alone) "
    if best.quotient < 1 - margin {
      text +=
        "lowers the test loss by up to "
        + NumberFormat.fixed(100 * (1 - best.quotient), decimals: 1)
        + " % before fine-tuning ("
        + pair(outcome, best.scope, best.pruningRatio)
        + "), at ratio \(best.pruningRatio) in \(best.scope.rawValue) scope. By "
        + "construction the shift β* = w·μ turns the change of zˡᵢ from "
        + "−w·aⱼ into w(μ − aⱼ), so it removes the part of the change that "
        + "comes from the inputs' sensitivity-weighted mean; the more of aⱼ "
        + "that mean explains, the more it helps."
    } else {
      text +=
        "lowers the test loss by at most " + percent(margin)
        + " anywhere in this sweep."
    }

    // List where the method's loss exceeds elimination's, and by how much.
    if !behind.isEmpty {
      text +=
        " Its test loss exceeds elimination's by more than "
        + percent(margin) + " at " + behind.joined(separator: ", ")
        + "; the largest excess, a factor of "
        + NumberFormat.significant(worst.quotient, digits: 3) + ", is at "
        + "\(worst.scope.rawValue) \(worst.pruningRatio) ("
        + pair(outcome, worst.scope, worst.pruningRatio)
        + "). There the shifts of "
        + "many removals in one row add up, and β* comes from a first-order "
        + "model that is exact only for small changes: once the summed "
        + "shift is large, nonlinearity and the interactions between rows "
        + "and layers make it overshoot."
    }
    return text
  }

  /// Describes how global selection spreads the removals over the layers,
  /// and where per-layer selection does better for the method.
  static func layerAllocation(_ outcome: SweepOutcome) -> String {
    guard var text = PruningFindings.allocationSentence(outcome) else {
      return ""
    }
    var layerWins: [Double] = []
    for ratio in outcome.settings.ratios where ratio > 0 {
      let layer = value(
        outcome, .eliminationCompensation, .layer, epochs: 0, ratio: ratio)
      let global = value(
        outcome, .eliminationCompensation, .global, epochs: 0, ratio: ratio)
      if layer < (1 - margin) * global { layerWins.append(ratio) }
    }
    if !layerWins.isEmpty {
      text +=
        " For elimination-compensation, per-layer selection gives a test "
        + "loss more than " + percent(margin) + " below global selection's "
        + "at ratios " + layerWins.map { "\($0)" }.joined(separator: ", ")
        + ": summing single-weight importances across layers compares "
        + "output changes that interact once a layer is mostly removed."
    }
    return text
  }

  /// Measures how fine-tuning changes the spread between criteria, as the
  /// highest test loss over the lowest, and where the method beats
  /// magnitude after it.
  static func fineTuningEffect(_ outcome: SweepOutcome) -> String {
    let epochs = outcome.settings.fineTuneEpochs.filter { $0 > 0 }.min()
    let contenders: [Criterion] = [
      .eliminationCompensation, .elimination, .magnitude, .weightGradient,
    ].filter { outcome.settings.criteria.contains($0) }
    let ratio = outcome.settings.ratios.filter { $0 <= 0.9 }.max() ?? 0
    guard let epochs, contenders.count > 1, ratio > 0 else { return "" }
    func spread(_ scope: SelectionScope, _ budget: Int) -> Double {
      let values = contenders.map {
        value(outcome, $0, scope, epochs: budget, ratio: ratio)
      }
      return (values.max() ?? .nan) / (values.min() ?? .nan)
    }
    let scopes = outcome.settings.scopes
    func change(_ scope: SelectionScope) -> String {
      let before = spread(scope, 0)
      let after = spread(scope, epochs)
      let verb = after < before ? "narrows" : "widens"
      return verb + " from a factor of "
        + NumberFormat.significant(before, digits: 3) + " to "
        + NumberFormat.significant(after, digits: 3) + " in "
        + scope.rawValue + " scope"
    }
    let names = contenders.map(\.rawValue).joined(separator: ", ")
    var text =
      "At ratio \(ratio), the spread of test loss (highest over lowest) "
      + "between " + names + " "
      + scopes.map(change).joined(separator: " and ") + " after "
      + epochCount(epochs) + " of fine-tuning."
    // The explanation is offered only where it explains what was seen.
    if scopes.allSatisfy({ spread($0, epochs) < spread($0, 0) }) {
      text +=
        " A plausible reason is that retraining the kept weights can "
        + "learn a bias shift of its own, so after fine-tuning what matters "
        + "most is which weights were kept."
    }
    guard outcome.settings.criteria.contains(.magnitude) else { return text }

    // Where the method beats magnitude after fine-tuning.
    var ahead: [String] = []
    var total = 0
    for scope in outcome.settings.scopes {
      for ratio in outcome.settings.ratios where ratio > 0 {
        total += 1
        let method = value(
          outcome, .eliminationCompensation, scope, epochs: epochs,
          ratio: ratio)
        let magnitude = value(
          outcome, .magnitude, scope, epochs: epochs, ratio: ratio)
        if method < magnitude {
          ahead.append("\(scope.rawValue) \(ratio)")
        }
      }
    }
    text +=
      ahead.isEmpty
      ? " After fine-tuning, elimination-compensation has a higher test "
        + "loss than magnitude in every configuration."
      : " After fine-tuning, elimination-compensation has a lower test "
        + "loss than magnitude in \(ahead.count) of \(total) "
        + "configurations (" + ahead.joined(separator: ", ") + ")."
    return text
  }

  // MARK: Numbers and their wording

  /// Returns the test loss of one configuration, NaN when absent.
  static func value(
    _ outcome: SweepOutcome, _ criterion: Criterion, _ scope: SelectionScope,
    epochs: Int, ratio: Double
  ) -> Double {
    PruningFindings.lossValue(
      outcome, criterion, scope: scope, epochs: epochs, ratio: ratio)
  }

  /// Returns the test loss of one configuration as the page writes it.
  static func loss(
    _ outcome: SweepOutcome, _ criterion: Criterion, scope: SelectionScope,
    epochs: Int, ratio: Double
  ) -> String {
    format(value(outcome, criterion, scope, epochs: epochs, ratio: ratio))
  }

  /// Returns "a against b": the method's and elimination's test losses
  /// without fine-tuning.
  static func pair(
    _ outcome: SweepOutcome, _ scope: SelectionScope, _ ratio: Double
  ) -> String {
    loss(
      outcome, .eliminationCompensation, scope: scope, epochs: 0, ratio: ratio)
      + " against "
      + loss(outcome, .elimination, scope: scope, epochs: 0, ratio: ratio)
  }

  static func format(_ value: Double) -> String {
    NumberFormat.significant(value, digits: 3)
  }

  /// Returns a fraction as a percentage without decimals, as `5 %`.
  static func percent(_ fraction: Double) -> String {
    NumberFormat.fixed(100 * fraction, decimals: 0) + " %"
  }

  /// Returns `1 epoch` or `n epochs`.
  static func epochCount(_ epochs: Int) -> String {
    epochs == 1 ? "1 epoch" : "\(epochs) epochs"
  }
}
