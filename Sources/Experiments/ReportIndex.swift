import NeuralNetwork
import Reporting

/// The index of the reports folder, `Reports/README.md`: every page, how
/// it was made, and a summary in plain words drawn from the analyses'
/// numbers.
public enum ReportIndex {
  /// Returns the index page.
  ///
  /// - Parameters:
  ///   - analysis: the error analyses, whose numbers the summary quotes.
  ///   - diffusionFindings: the diffusion–sorption sweep's summary.
  ///   - quick: whether the reports come from `--quick`.
  ///   - hasPerformancePage: whether the folder contains `performance.md`,
  ///     which `make bench` writes; the index links it only then.
  ///   - hasRobustnessPage: whether the folder contains `robustness.md`,
  ///     the record of `make fuzz` runs; the index links it only then.
  public static func markdown(
    analysis: AnalysisOutcome, diffusionFindings: String, quick: Bool,
    hasPerformancePage: Bool, hasRobustnessPage: Bool
  ) -> String {
    let command =
      "ecprune report\(quick ? " --quick" : "") --seed "
      + "\(analysis.settings.seed)"
    var lines = [
      "# Reports", "",
      "Every file under this folder but `performance.md` and "
        + "`robustness.md` was written by `\(command)`, and a rerun writes "
        + "the same bytes wherever OpenBLAS picks the same kernel (the "
        + "`blas` entry of every JSON file names it; another processor "
        + "moves the last digits). `make report` runs `ecprune report` with its "
        + "defaults into `Reports/`. `performance.md`, where present, comes "
        + "from `make bench`, and `robustness.md` records `make fuzz` runs, "
        + "since timings depend on the machine.",
      "", "## Pages", "",
    ]
    let depths = analysis.settings.depths.map(String.init).joined(
      separator: ", ")

    // One row per page, and the benchmark and fuzzing pages only where
    // they exist.
    var table = Table(columns: ["page", "what it shows", "made by"])
    let rows: [(String, String, String)] = [
      (
        "[training](training/training.md)",
        "the default LeNet-300-100 classifier on Fashion-MNIST",
        "`ecprune train`"
      ),
      (
        "[pruning](pruning/pruning.md)",
        "every criterion against the pruning ratio on that model",
        "`ecprune sweep`"
      ),
      (
        "[verification](verification/verification.md)",
        "the closed form against the GSL ground truth for every weight",
        "`ecprune verify`"
      ),
      (
        "[perturbation](analysis/perturbation.md)",
        "error against removal fraction ε, fitted bounds, theory",
        "`ecprune analyze`"
      ),
      (
        "[depth](analysis/depth.md)",
        "error against \(depths) hidden layers",
        "`ecprune analyze`"
      ),
      (
        "[noise](analysis/noise.md)", "error against training noise",
        "`ecprune analyze`"
      ),
      (
        "[ratio](analysis/ratio.md)",
        "summed predictions against the pruned network; joint re-fit",
        "`ecprune analyze`"
      ),
      (
        "[diffusion–sorption](diffusion-sorption/diffusion-sorption.md)",
        "the PDE data and pruning sweeps at each noise level",
        "`ecprune report`"
      ),
    ]
    for row in rows { table.append([row.0, row.1, row.2]) }
    if hasPerformancePage {
      table.append([
        "[performance](performance.md)",
        "speed as ratios measured in one run", "`make bench`",
      ])
    }
    if hasRobustnessPage {
      table.append([
        "[robustness](robustness.md)",
        "the parsers fuzzed and the malformed files they reject",
        "`make fuzz`",
      ])
    }
    lines.append(table.markdown())

    // The summary, then the diffusion–sorption sweep's findings.
    lines += ["## Where the Taylor-derived compensation is accurate", ""]
    lines += summary(analysis).map { "- " + $0 }
    if !diffusionFindings.isEmpty {
      lines += ["", "## Pruning diffusion–sorption regressors", ""]
      lines.append(diffusionFindings)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Returns the summary bullets, each quoting the numbers behind it.
  static func summary(_ outcome: AnalysisOutcome) -> [String] {
    var bullets: [String] = []
    let results = outcome.results
    func hidden(_ result: ConfigurationResult) -> [LayerAnalysis] {
      Array(result.layers.dropLast())
    }
    func number(_ value: Double, digits: Int = 3) -> String {
      value.isFinite ? NumberFormat.significant(value, digits: digits) : "–"
    }
    func span(_ values: [Double], digits: Int = 3) -> String {
      let finite = values.filter(\.isFinite)
      guard let low = finite.min(), let high = finite.max() else { return "–" }
      return "\(number(low, digits: digits))–\(number(high, digits: digits))"
    }

    // Smooth activations: orders and the theory's leading term.
    let smooth = results.filter { $0.configuration.activation == .tanh }
    if !smooth.isEmpty {
      let orders = smooth.flatMap { hidden($0).map(\.compensationBound.order) }
      let importanceOrders = smooth.flatMap {
        hidden($0).map(\.importanceBound.order)
      }
      let gaps = smooth.flatMap {
        hidden($0).compactMap(\.theory).flatMap {
          [abs($0.compensationRatio - 1), abs($0.importanceRatio - 1)]
        }
      }
      bullets.append(
        "**Smooth activations (tanh): accurate to second order, and the "
          + "theory explains the error.** Over all \(smooth.count) tanh "
          + "networks the compensation's error has fitted order "
          + "\(span(orders)) (theory 2) and the importance's "
          + "\(span(importanceOrders)) (theory 3); at the smallest ε the "
          + "measured error equals the second-order term "
          + "(Proofs/taylor-remainder.md) to a relative "
          + "\(number(gaps.filter(\.isFinite).max() ?? .nan, digits: 2)) or "
          + "better. See [perturbation](analysis/perturbation.md).")
    }

    // Full removal, the case pruning uses.
    for activation in outcome.settings.activations {
      let errors = results.filter { $0.configuration.activation == activation }
        .flatMap { result in
          hidden(result).flatMap { layer in
            layer.compensationCurves.compactMap { $0.errors.first }
          }
        }
      guard !errors.isEmpty else { continue }
      bullets.append(
        "**Whole-weight removal (ε = 1), \(activation.rawValue):** median "
          + "scaled compensation error "
          + "\(number(AnalysisPlots.median(errors))) and 90th percentile "
          + "\(number(percentile(errors, 0.9))) over the hidden layers' "
          + "curve weights of all \(activation.rawValue) networks; small "
          + "removals are where the closed form is near exact, whole "
          + "weights are where it is an approximation.")
    }

    // Piecewise-linear activations: exact until a kink is crossed.
    let relu = results.filter { $0.configuration.activation == .relu }
    if !relu.isEmpty {
      let exact = relu.reduce(0) { total, result in
        total
          + hidden(result).reduce(0) { $0 + $1.compensationBound.exactWeights }
      }
      let all = relu.reduce(0) { total, result in
        total
          + hidden(result).reduce(0) {
            $0 + $1.compensationBound.fittingWeights
              + $1.compensationBound.heldOutWeights
          }
      }
      let radii = relu.flatMap { hidden($0).compactMap(\.medianExactBelow) }
      bullets.append(
        "**ReLU: exact until a unit above crosses its kink.** \(exact) of "
          + "\(all) hidden-layer curve weights are exact to rounding at "
          + "every ε tested; per layer the median ε below which the rest "
          + "are exact is \(span(radii)). Above it the error comes from "
          + "kink crossings and has no Taylor order.")
    }
    bullets.append(
      "**The last layer is always exact:** it feeds the output directly, "
        + "so the output is linear in its bias.")

    // Depth and noise, per data set and activation.
    for kind in [AnalysisKind.depth, .noise]
    where outcome.settings.analyses.contains(kind) {
      var parts: [String] = []
      for dataset in outcome.settings.datasets {
        for activation in outcome.settings.activations {
          let line = AnalysisPlots.summaryConfigurations(
            outcome.settings, dataset, activation, kind
          ).compactMap { outcome.result($0.1) }
          guard let first = line.first, let last = line.last, line.count > 1
          else { continue }
          parts.append(
            "\(dataset.title) \(activation.rawValue) "
              + AnalysisPlots.describe(
                AnalysisPlots.summaryError(first, .compensation)) + " → "
              + AnalysisPlots.describe(
                AnalysisPlots.summaryError(last, .compensation)))
        }
      }
      guard !parts.isEmpty else { continue }
      bullets.append(
        "**\(kind == .depth ? "Depth" : "Noise"):** median scaled "
          + "compensation error at ε = 1/16 from the "
          + "\(kind == .depth ? "shallowest to the deepest network" : "clean to the noisiest training set"): "
          + parts.joined(separator: "; ")
          + ". See [\(kind.rawValue)](analysis/\(kind.rawValue).md).")
    }

    // How well the fitted bounds hold on weights they were not fitted on.
    var heldOut = 0
    var violations = 0
    var fractions: [Double] = []
    for result in results {
      for layer in hidden(result) {
        for bound in [layer.compensationBound, layer.importanceBound]
        where bound.heldOutWeights > 0 {
          heldOut += bound.heldOutWeights
          violations += bound.violations
          fractions.append(bound.violationFraction)
        }
      }
    }
    if heldOut > 0 {
      bullets.append(
        "**The empirical bounds are descriptions, not guarantees:** fitted "
          + "on half of each layer's curve weights, C·εᵖ is exceeded by "
          + "\(violations) of \(heldOut) held-out weight curves "
          + "(\(number(100 * Double(violations) / Double(heldOut), digits: 2)) %; "
          + "up to "
          + NumberFormat.fixed(100 * (fractions.max() ?? 0), decimals: 0)
          + " % in one "
          + "layer), because the largest constant of a dozen weights "
          + "misses the tail. Only for smooth activations does the theory "
          + "give the constant: the second-order term above.")
    }

    // Ranks and interactions.
    let taus = results.compactMap(\.kendallTau)
    if !taus.isEmpty {
      bullets.append(
        "**Ranking:** Kendall τ-b between the closed-form and the true "
          + "importance of every weight is \(span(taus, digits: 4)) across "
          + "the \(taus.count) networks, so pruning by either removes "
          + "nearly the same weights.")
    }
    let references = results.filter {
      outcome.settings.isReference($0.configuration)
    }
    let highest = references.compactMap { result in
      result.ratios.last(where: { $0.predictedChange > 0 })
    }
    if !highest.isEmpty {
      let factors = highest.map { $0.closedFormChange / $0.predictedChange }
      let refitGains = highest.map { $0.jointRefitChange / $0.closedFormChange }
      bullets.append(
        "**Many removals at once are where the first-order picture "
          + "breaks:** at the highest ratio the reference networks' output "
          + "change is \(span(factors, digits: 2))× the sum of the removed "
          + "weights' importances, and a joint re-fit of all biases ends at "
          + "\(span(refitGains, digits: 2))× the E of the summed β*. See "
          + "[ratio](analysis/ratio.md).")
    }
    return bullets
  }

  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let finite = values.filter(\.isFinite)
    return finite.isEmpty ? .nan : EmpiricalBound.percentile(finite, fraction)
  }
}
