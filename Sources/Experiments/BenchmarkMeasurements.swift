/// Everything one `ecprune bench` run measured.
public struct BenchmarkMeasurements: Sendable {
  /// The training epochs, the step GEMMs and the dgemm peak.
  public let training: BenchmarkResult
  /// Elimination–compensation scoring against one backward pass.
  public let scoring: ScoringBenchmarkResult
  /// The ground truth for every weight against the per-weight solvers.
  public let groundTruth: GroundTruthBenchmarkResult
  /// The same training in JAX float64, when it was run.
  public let jaxTraining: JAXReferenceResult?
  /// The same scoring in JAX float64, when it was run.
  public let jaxScoring: JAXScoringResult?

  public init(
    training: BenchmarkResult, scoring: ScoringBenchmarkResult,
    groundTruth: GroundTruthBenchmarkResult,
    jaxTraining: JAXReferenceResult?, jaxScoring: JAXScoringResult?
  ) {
    self.training = training
    self.scoring = scoring
    self.groundTruth = groundTruth
    self.jaxTraining = jaxTraining
    self.jaxScoring = jaxScoring
  }
}
