import Pruning
import Reporting

#if canImport(Glibc)
  import Glibc
#endif

/// The findings of the diffusion–sorption overview, written from the
/// numbers: which criterion prunes best at high ratios at each noise
/// level, whether noise changes that order, and how far the closed form
/// is from its nonlinear baseline.
///
/// All figures are global-scope test losses without fine-tuning, the
/// panel of the overview table.
enum DiffusionSorptionFindings {
  /// A criterion's place in one level's order.
  struct Ranked: Equatable {
    let criterion: Criterion
    /// The geometric mean of the test losses at the high ratios.
    let meanLoss: Double
  }

  /// Returns the ratios the findings compare at: the overview ratios of
  /// at least 0.8, or the largest overview ratio when none is that high,
  /// or none when the sweep measured no overview ratio.
  static func highRatios(_ settings: DiffusionSorptionSweepSettings)
    -> [Double]
  {
    let compared = settings.comparedRatios
    let high = compared.filter { $0 >= 0.8 }
    if !high.isEmpty { return high }
    return compared.last.map { [$0] } ?? []
  }

  /// Returns the criteria of `level` ordered by their geometric-mean test
  /// loss over `ratios`, lowest first. A criterion with a non-finite or
  /// missing loss comes last. Ties keep the sweep's criterion order.
  static func ranking(_ level: DiffusionSorptionLevel, ratios: [Double])
    -> [Ranked]
  {
    let ranked = level.sweep.settings.criteria.map { criterion in
      let losses = DiffusionSorptionReport.losses(level, criterion: criterion)
      let values = ratios.map { losses[$0] ?? .nan }
      let logSum = values.reduce(0.0) { $0 + log($1) }
      let mean = exp(logSum / Double(max(values.count, 1)))
      return Ranked(criterion: criterion, meanLoss: mean.isFinite ? mean : .nan)
    }
    return ranked.enumerated().sorted { left, right in
      let (a, b) = (left.element.meanLoss, right.element.meanLoss)
      if a.isNaN != b.isNaN { return b.isNaN }
      if !a.isNaN && a != b { return a < b }
      return left.offset < right.offset
    }.map(\.element)
  }

  /// Returns the criterion with the lowest test loss at `ratio`, or nil
  /// when none has a finite loss there.
  static func best(_ level: DiffusionSorptionLevel, ratio: Double)
    -> Criterion?
  {
    var best: (Criterion, Double)? = nil
    for criterion in level.sweep.settings.criteria {
      let losses = DiffusionSorptionReport.losses(level, criterion: criterion)
      guard let loss = losses[ratio], loss.isFinite else { continue }
      if best == nil || loss < best!.1 { best = (criterion, loss) }
    }
    return best?.0
  }

  /// Returns the findings as Markdown paragraphs, each on one line.
  static func paragraphs(_ outcome: DiffusionSorptionOutcome) -> [String] {
    let ratios = highRatios(outcome.settings)
    guard !ratios.isEmpty, !outcome.levels.isEmpty else {
      return [
        "The sweeps measured none of the overview ratios, so there are no "
          + "findings to draw."
      ]
    }
    let ratioText = list(ratios.map { "\($0)" })
    var paragraphs: [String] = []

    // The best criterion at each level, and whether it wins at each ratio.
    var sentences: [String] = []
    let rankings = outcome.levels.map { ranking($0, ratios: ratios) }
    for (level, order) in zip(outcome.levels, rankings) {
      guard let first = order.first, !first.meanLoss.isNaN else { continue }
      let noise = DiffusionSorptionReport.noisePercent(level.noise)
      var sentence =
        "At noise \(noise), \(first.criterion.rawValue) has the lowest "
        + "test loss (geometric mean \(figure(first.meanLoss)))"
      if order.count > 1, !order[1].meanLoss.isNaN {
        sentence +=
          ", ahead of \(order[1].criterion.rawValue) "
          + "(\(figure(order[1].meanLoss)))"
      }
      let winners = ratios.map { best(level, ratio: $0) }
      if winners.allSatisfy({ $0 == first.criterion }) {
        sentence +=
          ratios.count > 1 ? ", and it is lowest at each of them." : "."
      } else {
        let exceptions = zip(ratios, winners).compactMap { ratio, winner in
          winner == first.criterion
            ? nil : "\(winner?.rawValue ?? "none") at \(ratio)"
        }
        sentence += "; the lowest at single ratios: \(list(exceptions))."
      }
      sentences.append(sentence)
    }
    paragraphs.append(
      "Over the high ratios \(ratioText), ranked by the geometric mean of "
        + "the test loss: " + sentences.joined(separator: " "))

    // Whether noise changes the order.
    if rankings.count > 1 {
      paragraphs.append(rankingChange(outcome, rankings: rankings))
    }

    // The closed form against its nonlinear baseline at the top ratio.
    if let top = ratios.last {
      let gaps = outcome.levels.compactMap { level -> String? in
        let method = DiffusionSorptionReport.losses(
          level, criterion: .eliminationCompensation)[top]
        let baseline = DiffusionSorptionReport.losses(
          level, criterion: .nonlinearCompensation)[top]
        guard let method, let baseline, method.isFinite, baseline > 0 else {
          return nil
        }
        return NumberFormat.significant(method / baseline, digits: 3)
          + " at noise " + DiffusionSorptionReport.noisePercent(level.noise)
      }
      if !gaps.isEmpty {
        paragraphs.append(
          "At ratio \(top), elimination-compensation's test loss divided "
            + "by that of the nonlinear baseline, which removes each weight "
            + "with its true compensation, is " + list(gaps) + ".")
      }
    }
    return paragraphs
  }

  /// Returns a paragraph saying whether the order of the criteria is the
  /// same at every noise level and, when not, where it differs.
  static func rankingChange(
    _ outcome: DiffusionSorptionOutcome, rankings: [[Ranked]]
  ) -> String {
    let orders = rankings.map { $0.map(\.criterion) }
    let reference = orders[0]
    let referenceNoise = DiffusionSorptionReport.noisePercent(
      outcome.levels[0].noise)
    if orders.allSatisfy({ $0 == reference }) {
      return "Noise does not change the ranking: the criteria come in the "
        + "same order at every level, "
        + list(reference.map(\.rawValue)) + "."
    }
    let bests = Set(orders.compactMap(\.first))
    var text =
      bests.count == 1
      ? "Noise keeps \(reference[0].rawValue) first at every level but "
        + "reorders the criteria behind it."
      : "Noise changes which criterion is best."
    text +=
      " At noise \(referenceNoise) the order is "
      + list(reference.map(\.rawValue)) + "."
    var unchanged: [String] = []
    for (level, order) in zip(outcome.levels, orders).dropFirst() {
      let noise = DiffusionSorptionReport.noisePercent(level.noise)
      guard order != reference else {
        unchanged.append(noise)
        continue
      }
      let moved = zip(reference, order).filter { $0 != $1 }.count
      text +=
        " At noise \(noise) it is " + list(order.map(\.rawValue))
        + " (\(moved) of \(order.count) places differ)."
    }
    if !unchanged.isEmpty {
      text +=
        " At noise \(list(unchanged)) it is the same as at "
        + "\(referenceNoise)."
    }
    return text
  }

  /// Returns `value` with three significant digits.
  static func figure(_ value: Double) -> String {
    NumberFormat.significant(value, digits: 3)
  }

  /// Joins `items` as an English list: `a`, `a and b`, `a, b and c`.
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }
}
