import PropertySuite
import Testing

/// The property suite against this package's closed form. Each test runs
/// one property of `ClosedFormProperty.all` on its default number of
/// seeded cases (`PROPERTY_CASES` and `PROPERTY_SEED` override them); a
/// failure records the seed, the replay command and the shrunk case.
@Suite struct ClosedFormSuiteTests {
  let scorer = Scorer.closedForm

  @Test func linearisedOptimum() {
    ClosedFormProperty.linearisedOptimum.expect(scorer)
  }

  @Test func importanceBounds() {
    ClosedFormProperty.importanceBounds.expect(scorer)
  }

  @Test func scalingInWeight() {
    ClosedFormProperty.scalingInWeight.expect(scorer)
  }

  @Test func reluRescaling() {
    ClosedFormProperty.reluRescaling.expect(scorer)
  }

  @Test func withinRowAdditivity() {
    ClosedFormProperty.withinRowAdditivity.expect(scorer)
  }

  @Test func constantActivationIsExact() {
    ClosedFormProperty.constantActivationIsExact.expect(scorer)
  }

  @Test func zeroSensitivityConvention() {
    ClosedFormProperty.zeroSensitivityConvention.expect(scorer)
  }

  @Test func batchingInvariance() {
    ClosedFormProperty.batchingInvariance.expect(scorer)
  }

  @Test func permutationEquivariance() {
    ClosedFormProperty.permutationEquivariance.expect(scorer)
  }

  @Test func sampleOrderInvariance() {
    ClosedFormProperty.sampleOrderInvariance.expect(scorer)
  }

  @Test func exactForLinearDownstream() {
    ClosedFormProperty.exactForLinearDownstream.expect(scorer)
  }

  @Test func exactInsideKinkRadius() {
    ClosedFormProperty.exactInsideKinkRadius.expect(scorer)
  }

  @Test func smoothActivationOrders() {
    ClosedFormProperty.smoothActivationOrders.expect(scorer)
  }

  @Test func stableNearConstantActivations() {
    ClosedFormProperty.stableNearConstantActivations.expect(scorer)
  }

  @Test func sameInputSameBits() {
    ClosedFormProperty.sameInputSameBits.expect(scorer)
  }

  /// Every property of the catalogue has a test above, so none is
  /// silently left out of the run.
  @Test func everyPropertyHasATest() {
    let tested: Set = [
      "linearisedOptimum", "importanceBounds", "scalingInWeight",
      "reluRescaling", "withinRowAdditivity", "constantActivationIsExact",
      "zeroSensitivityConvention", "batchingInvariance",
      "permutationEquivariance", "sampleOrderInvariance",
      "exactForLinearDownstream", "exactInsideKinkRadius",
      "smoothActivationOrders", "stableNearConstantActivations",
      "sameInputSameBits",
    ]
    #expect(Set(ClosedFormProperty.all.map(\.name)) == tested)
  }
}
