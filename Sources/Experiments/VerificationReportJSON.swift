import Reporting
import Verification

extension VerificationReport {
  /// Returns every number of the run with its metadata as JSON.
  static func json(_ outcome: VerificationOutcome) -> JSONValue {
    let settings = outcome.settings
    let metadata: [(String, JSONValue)] = [
      // The seed is a string so that readers whose numbers are doubles
      // keep all 64 bits.
      ("seed", .string(String(settings.seed))),
      (
        "dataset",
        outcome.dataset.json
      ),
      ("network", .string(outcome.architecture)),
      ("response", .string("output")),
      ("samples", .integer(outcome.sampleCount)),
      ("derivative_samples", .integer(outcome.derivativeSampleCount)),
      (
        "relative_error_floor_factor",
        .number(RelativeErrorSummary.defaultFloorFactor)
      ),
      ("exact_tolerance", .number(exactTolerance)),
      (
        "software",
        .object(SoftwareVersions.all.map { ($0.0, .string($0.1)) })
      ),
      (
        "unpruned",
        .object([
          ("test_loss", .number(outcome.unpruned.meanLoss)),
          ("test_accuracy", .number(outcome.unpruned.accuracy ?? .nan)),
        ])
      ),
    ]
    let failures: [JSONValue] = outcome.groundTruthFailures.map { failure in
      .object([
        ("weight", .string("\(failure.weight)")),
        ("reason", .string(failure.reason)),
      ])
    }
    let overlaps: [JSONValue] = outcome.overlaps.map { row in
      .object([
        ("ratio", .number(row.ratio)),
        ("global", .number(row.global)),
        ("layers", .array(row.perLayer.map { .number($0) })),
      ])
    }
    let pruning: [JSONValue] = outcome.compensationRows.map { row in
      .object([
        ("ratio", .number(row.ratio)),
        ("compensation", .string(row.compensation.rawValue)),
        ("test_loss", .number(row.testLoss)),
        ("test_accuracy", .number(row.testAccuracy)),
        ("objective", .number(row.objective)),
        ("refit_iterations", row.iterations.map { .integer($0) } ?? .null),
        ("refit_converged", row.converged.map { .bool($0) } ?? .null),
      ])
    }
    let results: [(String, JSONValue)] = [
      (
        "derivative_checks",
        .object([
          ("sensitivities", derivativeJSON(outcome.sensitivityCheck)),
          ("gradients", derivativeJSON(outcome.gradientCheck)),
        ])
      ),
      ("layers", .array(outcome.layers.map(layerJSON))),
      ("ground_truth_failures", .array(failures)),
      ("kendall_tau_b", outcome.kendallTau.map { .number($0) } ?? .null),
      ("top_k_overlap", .array(overlaps)),
      ("taylor_tests", .array(outcome.taylorCases.joined().map(taylorJSON))),
      ("pruning", .array(pruning)),
      (
        "substituted_compensations",
        .array(outcome.substitutedCompensations.map { .integer($0) })
      ),
    ]
    return .object(metadata + results)
  }

  static func derivativeJSON(_ check: DerivativeCheckResult) -> JSONValue {
    func tally(_ tally: DerivativeTally) -> JSONValue {
      .object([
        ("checked", .integer(tally.checked)),
        ("smooth", .integer(tally.smooth)),
        ("kinks", .integer(tally.kinks)),
        ("failed", .integer(tally.failed)),
        ("max_relative_error", .number(tally.maxRelativeError)),
      ])
    }
    return .object([
      ("tolerance", .number(check.tolerance)),
      ("total", tally(check.total)),
      ("layers", .array(check.perLayer.map(tally))),
      (
        "failures",
        .array(
          check.failures.map { failure in
            .object([
              ("entry", .string(failure.entry.description)),
              ("analytic", .number(failure.analytic)),
              ("numeric", .number(failure.numeric)),
              ("numeric_error", .number(failure.numericError)),
              ("relative_error", .number(failure.relativeError)),
            ])
          })
      ),
    ])
  }

  static func errorJSON(_ summary: RelativeErrorSummary) -> JSONValue {
    .object([
      ("compared", .integer(summary.count)),
      ("both_zero", .integer(summary.bothZero)),
      ("zero_truth", .integer(summary.zeroTruth)),
      ("skipped", .integer(summary.skipped)),
      ("floor", .number(summary.floor)),
      ("median_relative_error", .number(summary.median)),
      ("max_relative_error", .number(summary.maximum)),
      (
        "within_exact_tolerance",
        .integer(summary.count(within: exactTolerance))
      ),
    ])
  }

  static func layerJSON(_ layer: LayerVerification) -> JSONValue {
    let check = layer.selfCheck
    return .object([
      ("layer", .integer(layer.layer)),
      ("weights", .integer(layer.weightCount)),
      ("solved", .integer(layer.solvedCount)),
      ("ground_truth_failures", .integer(layer.groundTruthFailures)),
      (
        "zero_sensitivity_units",
        .array(layer.zeroSensitivityUnits.map { .integer($0) })
      ),
      ("compensation", errorJSON(layer.compensationError)),
      ("importance", errorJSON(layer.importanceError)),
      ("zero_importance", .integer(layer.zeroImportanceCount)),
      ("zero_true_importance", .integer(layer.zeroTrueImportanceCount)),
      ("kendall_tau_b", layer.kendallTau.map { .number($0) } ?? .null),
      (
        "self_check",
        .object([
          ("tolerance", .number(check.tolerance)),
          ("compared", .integer(check.compared)),
          ("agreeing", .integer(check.agreeing)),
          ("batched_lower", .integer(check.batchedLower)),
          ("reference_lower", .integer(check.referenceLower)),
          ("equal_objective", .integer(check.equalObjective)),
          ("unsolved", .integer(check.unsolved)),
          (
            "disagreements",
            .array(
              check.disagreements.map { disagreement in
                .object([
                  ("weight", .string("\(disagreement.weight)")),
                  (
                    "batched_compensation",
                    .number(disagreement.batched.compensation)
                  ),
                  (
                    "batched_importance",
                    .number(disagreement.batched.importance)
                  ),
                  (
                    "reference_compensation",
                    .number(disagreement.reference.compensation)
                  ),
                  (
                    "reference_importance",
                    .number(disagreement.reference.importance)
                  ),
                ])
              })
          ),
        ])
      ),
    ])
  }

  static func taylorJSON(_ taylor: TaylorCase) -> JSONValue {
    func order(_ order: ObservedOrder?) -> JSONValue {
      guard let order else { return .null }
      return .object([
        ("fitted_order", .number(order.fittedOrder)),
        ("constant", .number(order.constant)),
        (
          "rounding_reached_at",
          order.roundingReachedAt.map { .number($0) } ?? .null
        ),
        ("exact", .bool(order.isExact)),
        (
          "successive_orders",
          .array(order.successiveOrders.map { .number($0) })
        ),
      ])
    }
    let points = (taylor.result?.points ?? []).map { point -> JSONValue in
      .object([
        ("removal", .number(point.removal)),
        ("compensation_error", .number(point.compensationError)),
        ("importance_error", .number(point.importanceError)),
        ("predicted_compensation", .number(point.predictedCompensation)),
        ("predicted_importance", .number(point.predictedImportance)),
      ])
    }
    return .object([
      ("weight", .string("\(taylor.weight)")),
      ("chosen", .string(taylor.isLargest ? "largest" : "random")),
      ("closed_form_compensation", .number(taylor.compensation)),
      ("closed_form_importance", .number(taylor.importance)),
      ("compensation", order(taylor.result?.compensation)),
      ("importance", order(taylor.result?.importance)),
      ("points", .array(points)),
      ("failure", taylor.failure.map { .string($0) } ?? .null),
    ])
  }
}
