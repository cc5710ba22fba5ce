import Reporting
import Verification

extension VerificationReport {
  /// Returns the Markdown page: how it was made, the findings, then one
  /// section per check with its tables and plots.
  static func markdown(_ outcome: VerificationOutcome) -> String {
    let settings = outcome.settings
    let accuracy = percent(outcome.unpruned.accuracy ?? .nan)
    var sections = [
      """
      # Verification of the closed form

      The \(outcome.architecture) classifier (\(outcome.dataset.name),
      test accuracy \(accuracy) unpruned), checked against the GSL ground
      truth on \(outcome.sampleCount) training samples drawn with seed
      \(settings.seed). Every quantity measures the output response, the
      logits. For each weight, β_true is the minimum of the true output
      change E(β) reached downhill from β = 0, solved as a root of E′;
      the closed-form importance I is compared with E(β_true). Regenerate
      with `make report`.
      """,
      VerificationFindings.text(outcome),
      derivativeSection(outcome),
      errorSection(outcome),
      taylorSection(outcome),
      selfCheckSection(outcome),
      rankSection(outcome),
      pruningSection(outcome),
    ]
    let versions = SoftwareVersions.all.map { "\($0.0) \($0.1)" }
      .joined(separator: "; ")
    sections.append("Software: \(versions).")
    return sections.joined(separator: "\n\n") + "\n"
  }

  static func derivativeSection(_ outcome: VerificationOutcome) -> String {
    var table = Table(columns: [
      "check", "layer", "checked", "smooth", "kinks", "failed",
      "max relative error",
    ])
    let checks = [
      ("∂y/∂z", outcome.sensitivityCheck), ("∂loss/∂W", outcome.gradientCheck),
    ]
    for (name, check) in checks {
      let tallies =
        check.perLayer.enumerated().map { ("\($0)", $1) }
        + [("all", check.total)]
      for (layer, tally) in tallies {
        table.append([
          name, layer, "\(tally.checked)", "\(tally.smooth)",
          "\(tally.kinks)", "\(tally.failed)",
          NumberFormat.significant(tally.maxRelativeError, digits: 3),
        ])
      }
    }
    let failures =
      (outcome.sensitivityCheck.failures
        + outcome.gradientCheck.failures)
    var text = """
      ## Derivative checks

      The engine's ∂y/∂z from the stacked backward passes and the gradient
      of the mean cross-entropy, ∂loss/∂W, against `gsl_deriv_central` on
      the first \(outcome.derivativeSampleCount) of the samples. Up to
      \(outcome.derivativeEntriesPerLayer) (unit, sample) pairs per layer
      are drawn, each with one entry per output, and
      \(outcome.derivativeEntriesPerLayer) weights per layer. A smooth
      entry fails when
      |analytic − numeric| / max(1, |numeric|) exceeds
      \(NumberFormat.significant(outcome.sensitivityCheck.tolerance, digits: 2)).
      Where the forward and backward differences disagree, a ReLU kink
      lies within the step; such entries are counted, not compared.

      \(table.markdown())
      """
    if !failures.isEmpty {
      text += "\nFailing entries (at most 10):\n\n"
      for failure in failures.prefix(10) {
        text +=
          "- \(failure.entry): analytic "
          + NumberFormat.significant(failure.analytic, digits: 10)
          + ", numeric "
          + NumberFormat.significant(failure.numeric, digits: 10) + "\n"
      }
    }
    return text
  }

  static func errorSection(_ outcome: VerificationOutcome) -> String {
    var table = Table(columns: [
      "layer", "weights", "solved", "β both 0", "β median", "β max",
      "β exact", "I both 0", "I median", "I max", "I exact",
      "zero-sensitivity units", "failures",
    ])
    for layer in outcome.layers {
      var cells = [
        "\(layer.layer)", "\(layer.weightCount)", "\(layer.solvedCount)",
      ]
      for summary in [layer.compensationError, layer.importanceError] {
        cells += [
          "\(summary.bothZero)",
          NumberFormat.significant(summary.median, digits: 3),
          NumberFormat.significant(summary.maximum, digits: 3),
          fraction(summary.count(within: exactTolerance), of: summary.count),
        ]
      }
      cells += [
        "\(layer.zeroSensitivityUnits.count)", "\(layer.groundTruthFailures)",
      ]
      table.append(cells)
    }
    var text = """
      ## Closed form against the ground truth

      The relative error of an approximation a of a true value t is
      |a − t| / max(|t|, floor), with the floor at
      \(NumberFormat.significant(RelativeErrorSummary.defaultFloorFactor, digits: 2))
      times the layer's median |t|, so a true value of exactly 0 does not
      divide by 0. Weights where both values are exactly 0 (an input that
      is 0 on every sample gives β* = β_true = 0 and I = E = 0) are
      counted apart ("both 0") and left out of the median and maximum.
      "exact" is the share of the other weights with a relative error of
      at most \(NumberFormat.significant(exactTolerance, digits: 1)).
      Zero-sensitivity units have Σ sᵢ = 0 on the samples, so the closed
      form sets β* = 0 and I = 0 for all their weights.

      \(table.markdown())
      """
    let zeroTruths = outcome.layers.map(\.compensationError.zeroTruth)
    if zeroTruths.contains(where: { $0 > 0 }) {
      text +=
        (outcome.layers.count == 1 ? "\nIn layer " : "\nIn layers ")
        + listed(outcome.layers.map { "\($0.layer)" })
        + ", β_true is exactly 0 while β* is not for "
        + listed(zeroTruths.map(String.init))
        + " weights respectively. The solver stops at β = 0 when E′(0) is 0 "
        + "to rounding"
      if outcome.isPiecewiseLinear {
        text +=
          ". With ReLU this happens where the removal switches unit i off "
          + "on every sample whose output it changes: a small shift then "
          + "moves only the samples that the removal left alone, so β = 0 "
          + "is a local minimum of E, one that the closed form, linearised "
          + "at the unpruned network, does not see"
      }
      text +=
        ". The errors of these weights are measured against the floor, "
        + "which can make them large.\n"
    }
    text +=
      "\n![relative error of β*](compensation-error.svg)\n"
      + "![relative error of I](importance-error.svg)"
    for layer in outcome.layers where !layer.zeroSensitivityUnits.isEmpty {
      let units = layer.zeroSensitivityUnits.prefix(20).map(String.init)
        .joined(separator: ", ")
      let more = layer.zeroSensitivityUnits.count > 20 ? ", …" : ""
      text +=
        "\n\nZero-sensitivity units of layer \(layer.layer): \(units)\(more)."
    }
    if !outcome.groundTruthFailures.isEmpty {
      text += "\n\nGround-truth failures (at most 10):\n"
      for failure in outcome.groundTruthFailures.prefix(10) {
        text += "\n- \(failure)"
      }
    }
    return text
  }

  static func taylorSection(_ outcome: VerificationOutcome) -> String {
    var table = Table(columns: [
      "weight", "chosen", "β*", "I", "β order", "β constant C",
      "β at rounding from ε", "I order", "I constant C",
      "I at rounding from ε",
    ])
    for taylor in outcome.taylorCases.joined() {
      var cells = [
        "\(taylor.weight)", taylor.isLargest ? "largest I" : "random",
        NumberFormat.significant(taylor.compensation, digits: 3),
        NumberFormat.significant(taylor.importance, digits: 3),
      ]
      for order in [taylor.result?.compensation, taylor.result?.importance] {
        guard let order else {
          cells += ["failed", "", ""]
          continue
        }
        cells += [
          order.isExact
            ? "exact"
            : order.fittedOrder.isNaN
              ? "too few points"
              : NumberFormat.significant(order.fittedOrder, digits: 3),
          order.constant.isNaN
            ? "n/a" : NumberFormat.significant(order.constant, digits: 3),
          order.roundingReachedAt.map { exponentOfTwo($0) } ?? "none",
        ]
      }
      table.append(cells)
    }
    let exponents = outcome.settings.taylorExponents
    var text = """
      ## Taylor tests

      For each chosen weight the fraction ε = 2⁻ᵏ (k = \(exponents.lowerBound)
      … \(exponents.upperBound)) of the weight is removed, β_true(ε) is
      compared with ε·β* and E(β_true(ε)) with ε²·I, and the order p of
      each error is fitted on a log–log scale over the points above
      rounding, with C the largest error / εᵖ. With smooth activations
      the orders are about 2 and 3. With ReLU, E is piecewise quadratic
      and the closed form is exact while no sample crosses a kink, so the
      errors reach rounding (at most \(NumberFormat.significant(TaylorTest.roundingLevel, digits: 1))
      of the prediction) once ε is small; "at rounding from ε" gives the
      largest ε whose error is at rounding level, and "exact" means every
      ε is. Per layer the weights are the
      \(outcome.settings.taylorWeightsPerLayer) of largest I and as many
      drawn at random among those with I > 0.

      \(table.markdown())
      """
    for layer in outcome.layers.indices {
      text +=
        "![Taylor test of β, layer \(layer)]"
        + "(\(taylorPlotName(.compensation, layer: layer)))\n"
        + "![Taylor test of I, layer \(layer)]"
        + "(\(taylorPlotName(.importance, layer: layer)))\n"
    }
    let failed = outcome.taylorCases.joined().filter { $0.failure != nil }
    for taylor in failed {
      text += "\nTaylor test of \(taylor.weight) failed: \(taylor.failure!)\n"
    }
    return text
  }

  static func selfCheckSection(_ outcome: VerificationOutcome) -> String {
    var table = Table(columns: [
      "layer", "compared", "agree", "batched lower E", "Brent lower E",
      "equal E", "unsolved",
    ])
    var disagreements: [SolverDisagreement] = []
    for layer in outcome.layers {
      let check = layer.selfCheck
      table.append([
        "\(layer.layer)", "\(check.compared)",
        fraction(check.agreeing, of: check.compared),
        "\(check.batchedLower)", "\(check.referenceLower)",
        "\(check.equalObjective)", "\(check.unsolved)",
      ])
      disagreements += check.disagreements
    }
    let tolerance = outcome.layers.first?.selfCheck.tolerance ?? .nan
    var text = """
      ## Self-check of the ground-truth solver

      On \(outcome.settings.selfCheckWeightsPerLayer) weights per layer,
      drawn at random, the batched Newton iteration of the ground truth is
      solved again with GSL's Brent solver on E′ (one weight at a time).
      The two agree when their β_true differ by at most
      \(NumberFormat.significant(tolerance, digits: 1)) of the larger.
      Both stop at a local minimum reached downhill from β = 0, and a ReLU
      network's E can have several; where they differ, the lower E is the
      better ground truth, and "equal E" marks a flat stretch of E.

      \(table.markdown())
      """
    if !disagreements.isEmpty {
      text += "\nDisagreements (at most 10):\n\n"
      for disagreement in disagreements.prefix(10) {
        text +=
          "- \(disagreement.weight): batched β = "
          + NumberFormat.significant(
            disagreement.batched.compensation, digits: 12)
          + " (E = "
          + NumberFormat.significant(
            disagreement.batched.importance, digits: 12)
          + "), Brent β = "
          + NumberFormat.significant(
            disagreement.reference.compensation, digits: 12)
          + " (E = "
          + NumberFormat.significant(
            disagreement.reference.importance, digits: 12)
          + ")\n"
      }
    }
    return text
  }

  static func rankSection(_ outcome: VerificationOutcome) -> String {
    var tau = Table(columns: ["layer", "Kendall τ-b"])
    for layer in outcome.layers {
      tau.append(["\(layer.layer)", tauText(layer.kendallTau)])
    }
    tau.append(["all", tauText(outcome.kendallTau)])
    var overlap = Table(
      columns: ["ratio", "global"] + outcome.layers.map { "layer \($0.layer)" })
    for row in outcome.overlaps {
      overlap.append(
        ["\(row.ratio)", percent(row.global)] + row.perLayer.map(percent))
    }
    let weights = outcome.layers.reduce(0) { $0 + $1.weightCount }
    let zeroClosed = outcome.layers.reduce(0) { $0 + $1.zeroImportanceCount }
    let zeroTrue = outcome.layers.reduce(0) {
      $0 + $1.zeroTrueImportanceCount
    }
    return """
      ## Rank agreement of the importances

      Kendall's τ-b between the closed-form I and E(β_true) over the
      solved weights, and the top-k overlap: the share of the k weights
      of lowest I that are also among the k of lowest E(β_true), with
      k = ratio × the number of weights (globally, or within the layer).
      Ties, such as the \(fraction(zeroClosed, of: weights)) of weights
      with I = 0 exactly and the \(fraction(zeroTrue, of: weights)) with
      E(β_true) = 0 exactly, are ordered by position.

      \(tau.markdown())
      \(overlap.markdown())
      ![top-k overlap](overlap.svg)
      """
  }

  static func pruningSection(_ outcome: VerificationOutcome) -> String {
    var table = Table(columns: [
      "ratio", "compensation", "test accuracy", "test loss", "E",
    ])
    for row in outcome.compensationRows {
      table.append([
        "\(row.ratio)", row.compensation.rawValue, percent(row.testAccuracy),
        NumberFormat.significant(row.testLoss, digits: 4),
        NumberFormat.significant(row.objective, digits: 4),
      ])
    }
    var text = """
      ## Pruning with each compensation

      At each ratio the weights of lowest closed-form I are removed
      (global selection, as the pruner does), and the biases are set four
      ways: closed-form adds the sum of β* of each row's removed weights
      to its bias, ground-truth adds the sum of β_true, joint-refit
      re-fits every bias of the network together with
      `gsl_multifit_nlinear`, starting from the closed form, to the
      unpruned outputs on the \(outcome.sampleCount) samples, and none
      leaves the biases alone. E is the mean ‖y_pruned − y‖² on those
      samples, and the test figures are on the
      \(outcome.dataset.testSampleCount) test samples.

      \(table.markdown())
      ![test accuracy](pruning-accuracy.svg)
      ![E](pruning-objective.svg)
      """
    let refits = outcome.compensationRows.filter {
      $0.compensation == .jointRefit
    }
    let stopped = refits.filter { $0.converged == false }.map {
      "\($0.ratio)"
    }
    if !refits.isEmpty {
      text +=
        "\nThe joint re-fit took "
        + refits.map { "\($0.iterations ?? 0)" }.joined(separator: ", ")
        + " Levenberg–Marquardt iterations at the ratios above."
      if !stopped.isEmpty {
        text +=
          " At " + stopped.joined(separator: ", ")
          + " it stopped at the iteration limit without meeting GSL's step "
          + "or gradient test, so its E there bounds the best joint bias "
          + "compensation from above."
      }
      text += "\n"
    }
    let substituted = zip(
      outcome.settings.pruningRatios,
      outcome.substitutedCompensations
    ).filter { $0.1 > 0 }
    for (ratio, count) in substituted {
      text +=
        "\nAt ratio \(ratio), \(count) removed weights had no β_true "
        + "(ground-truth failures); the ground-truth variant used their β*.\n"
    }
    return text
  }

  /// Returns the items as "a", "a and b" or "a, b and c".
  static func listed(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items.last!
  }

  static func percent(_ value: Double) -> String {
    NumberFormat.fixed(100 * value, decimals: 2) + " %"
  }

  /// Returns `part` as a percentage of `whole`, or "n/a" for no whole.
  static func fraction(_ part: Int, of whole: Int) -> String {
    whole > 0 ? percent(Double(part) / Double(whole)) : "n/a"
  }

  static func tauText(_ tau: Double?) -> String {
    tau.map { NumberFormat.fixed($0, decimals: 4) } ?? "undefined"
  }

  /// Returns ε as `2^-k` when it is a power of two, else its value.
  static func exponentOfTwo(_ value: Double) -> String {
    let exponent = -value.exponent
    if value.significand == 1 { return exponent == 0 ? "1" : "2^-\(exponent)" }
    return NumberFormat.significant(value, digits: 3)
  }
}
