import Pruning
import Reporting

extension PruningFindings {
  /// One response row of elimination-compensation next to the row of the
  /// response the sweep chose, at the same scope and ratio.
  struct ResponsePair {
    let scope: SelectionScope
    let ratio: Double
    let other: ResponseRow
    let chosen: ResponseRow
  }

  /// Returns, from ratio 0.7 up, each other response of
  /// elimination-compensation paired with the chosen one, scope by scope
  /// and ratio by ratio.
  static func responsePairs(_ outcome: SweepOutcome) -> [ResponsePair] {
    let rows = outcome.responseRows.filter {
      $0.criterion == .eliminationCompensation
    }
    var pairs: [ResponsePair] = []
    for scope in outcome.settings.scopes {
      for ratio in outcome.settings.ratios where ratio >= 0.7 {
        let candidates = rows.filter { $0.scope == scope && $0.ratio == ratio }
        guard
          let chosen = candidates.first(where: {
            $0.response == outcome.settings.response
          })
        else { continue }
        for other in candidates where other.response != chosen.response {
          pairs.append(
            ResponsePair(
              scope: scope, ratio: ratio, other: other, chosen: chosen))
        }
      }
    }
    return pairs
  }

  /// Compares the responses for elimination-compensation at high ratios,
  /// where the choice matters, in both directions: by test accuracy for
  /// a classifier, by test loss otherwise. Returns an empty string when
  /// the sweep has no response rows from ratio 0.7 up.
  static func responseFinding(_ outcome: SweepOutcome) -> String {
    guard outcome.reportsAccuracy else {
      return lossResponseFinding(outcome)
    }
    // Without a ratio from 0.7 up there is nothing to compare.
    let pairs = responsePairs(outcome)
    guard !pairs.isEmpty else { return "" }
    // Accuracies this close to guessing say nothing about the response.
    let chance = 1 / Double(max(outcome.outputCount, 1)) + 0.05
    var helps: [String] = []
    var hurts: [String] = []

    // Compare every other response with the chosen one, above chance.
    for pair in pairs {
      let other = pair.other.testAccuracy ?? .nan
      let chosen = pair.chosen.testAccuracy ?? .nan
      guard max(other, chosen) > chance else { continue }
      let entry =
        "\(pair.scope.rawValue) \(pair.ratio) "
        + "(\(pair.other.response.rawValue) " + percent(other)
        + " against " + percent(chosen) + ")"
      if other > chosen + 0.01 {
        helps.append(entry)
      } else if other < chosen - 0.01 {
        hurts.append(entry)
      }
    }

    let chosenName = outcome.settings.response.rawValue
    guard !helps.isEmpty || !hurts.isEmpty else {
      return "From ratio 0.7 up, measuring another response than "
        + chosenName + " changes elimination-compensation by at most a "
        + "point wherever it is above chance."
    }
    var text = "From ratio 0.7 up, the response matters."
    if !helps.isEmpty {
      text +=
        " Another response than " + chosenName + " does better by more "
        + "than a point at " + helps.joined(separator: "; ") + "."
    }
    if !hurts.isEmpty {
      text +=
        " It does worse by more than a point at "
        + hurts.joined(separator: "; ") + "."
    }
    return text
      + " No single response is best everywhere here; the logits keep a "
      + "common offset that the softmax ignores, which may explain why the "
      + "probabilities sometimes do better, but this sweep does not test "
      + "that explanation."
  }

  /// Compares the responses for elimination-compensation from ratio 0.7
  /// up by test loss, in both directions, for a regression sweep.
  static func lossResponseFinding(_ outcome: SweepOutcome) -> String {
    let pairs = responsePairs(outcome)
    guard !pairs.isEmpty else { return "" }
    let margin = PruningLossFindings.margin
    let marginText = PruningLossFindings.percent(margin)
    let format = PruningLossFindings.format
    var helps: [String] = []
    var hurts: [String] = []

    // Compare every other response with the chosen one.
    for pair in pairs {
      let other = pair.other.testLoss
      let chosen = pair.chosen.testLoss
      let entry =
        "\(pair.scope.rawValue) \(pair.ratio) "
        + "(\(pair.other.response.rawValue) " + format(other) + " against "
        + format(chosen) + ")"
      if other < (1 - margin) * chosen {
        helps.append(entry)
      } else if other > (1 + margin) * chosen {
        hurts.append(entry)
      }
    }

    let chosenName = outcome.settings.response.rawValue
    guard !helps.isEmpty || !hurts.isEmpty else {
      return "From ratio 0.7 up, measuring another response than "
        + chosenName + " changes the test loss of "
        + "elimination-compensation by at most " + marginText + "."
    }
    var text = "From ratio 0.7 up, the response matters."
    if !helps.isEmpty {
      text +=
        " Another response than " + chosenName + " lowers the test loss "
        + "by more than " + marginText + " at "
        + helps.joined(separator: "; ") + "."
    }
    if !hurts.isEmpty {
      text +=
        " Another response than " + chosenName + " raises the test loss "
        + "by more than " + marginText + " at "
        + hurts.joined(separator: "; ") + "."
    }
    return text
  }
}
