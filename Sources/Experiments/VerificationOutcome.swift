import NeuralNetwork
import Pruning
import Verification

/// The settings of `ecprune verify`.
public struct VerificationSettings: Sendable, Equatable {
  /// Training samples the closed form and the ground truth are computed
  /// on, drawn with `seed` like the sweep's scoring subset.
  public var sampleCount = 1000
  /// How many of those samples, from the first, the derivative checks
  /// use.
  public var derivativeSampleCount = 64
  /// Fixes the sample subset, the derivative checks' entries and the
  /// weights drawn for the Taylor tests and the solver's self-check.
  public var seed: UInt64 = 0
  /// The pruning ratios at which the four bias compensations are compared.
  public var pruningRatios: [Double] = [0.5, 0.8, 0.9, 0.95]
  /// The ratios of the top-k overlaps: the sweep's, without 0.
  public var overlapRatios: [Double] = SweepSettings().ratios.filter {
    $0 > 0
  }
  /// Per layer, the Taylor tests take this many weights of largest
  /// closed-form importance and as many drawn at random from the rest
  /// with I > 0.
  public var taylorWeightsPerLayer = 3
  /// The exponents k of the Taylor tests' removal fractions ε = 2⁻ᵏ.
  public var taylorExponents: ClosedRange<Int> = 0...12
  /// Weights per layer, drawn at random, that the batched ground truth is
  /// solved for again with GSL's Brent solver.
  public var selfCheckWeightsPerLayer = 30

  public init() {}
}

/// A way of setting the biases of a pruned network.
public enum BiasCompensation: String, CaseIterable, Sendable {
  /// Each row's bias shifts by the sum of the closed-form β* of its
  /// removed weights, as `Pruner` does.
  case closedForm = "closed-form"
  /// Each row's bias shifts by the sum of the per-weight β_true.
  case groundTruth = "ground-truth"
  /// Every bias of the network re-fitted jointly by
  /// `gsl_multifit_nlinear`, starting from the closed form.
  case jointRefit = "joint-refit"
  /// The biases stay as they were.
  case none
}

/// One pruning ratio with one way of setting the biases.
public struct CompensationRow: Sendable, Equatable {
  public let ratio: Double
  public let compensation: BiasCompensation
  public let testLoss: Double
  public let testAccuracy: Double
  /// E = (1/N) Σₓ ‖y_pruned(x) − y(x)‖² on the verification samples.
  public let objective: Double
  /// For the joint re-fit, the Levenberg–Marquardt iterations taken.
  public let iterations: Int?
  /// For the joint re-fit, whether GSL's step or gradient test was met
  /// before the iteration limit.
  public let converged: Bool?
}

/// The closed form of one layer against its ground truth.
public struct LayerVerification: Sendable, Equatable {
  public let layer: Int
  public let weightCount: Int
  /// The weights `GroundTruth.solve` solved.
  public let solvedCount: Int
  /// β* against β_true.
  public let compensationError: RelativeErrorSummary
  /// I against E(β_true).
  public let importanceError: RelativeErrorSummary
  /// The units with Σ sᵢ = 0 on the verification samples.
  public let zeroSensitivityUnits: [Int]
  /// The weights whose closed-form I is exactly 0.
  public let zeroImportanceCount: Int
  /// The solved weights whose E(β_true) is exactly 0.
  public let zeroTrueImportanceCount: Int
  /// The weights of this layer in `GroundTruthTable.failures`.
  public let groundTruthFailures: Int
  /// Kendall's τ-b of I against E(β_true) over the solved weights; `nil`
  /// when undefined (for example every importance tied).
  public let kendallTau: Double?
  /// The batched solver against the Brent solver on sampled weights.
  public let selfCheck: SelfCheckResult
}

/// The Taylor test of one chosen weight.
public struct TaylorCase: Sendable {
  public let weight: WeightIndex
  /// Whether the weight was chosen for its large importance or at random.
  public let isLargest: Bool
  /// β* of the full removal.
  public let compensation: Double
  /// I of the full removal.
  public let importance: Double
  /// The test, or `nil` when a ground-truth solve failed.
  public let result: TaylorTestResult?
  /// The reason the test failed, or `nil` when it did not.
  public let failure: String?
}

/// The overlap of the weights each importance would prune first, at one
/// ratio.
public struct OverlapRow: Sendable, Equatable {
  public let ratio: Double
  /// Over all weights of the network.
  public let global: Double
  /// Within each layer, at the same ratio of that layer's weights.
  public let perLayer: [Double]
}

/// Everything `ecprune verify` measures.
public struct VerificationOutcome: Sendable {
  public let settings: VerificationSettings
  /// The network verified, for example `784-300-100-10 relu`.
  public let architecture: String
  /// Whether every activation is piecewise linear (ReLU, leaky ReLU,
  /// identity), so E is piecewise quadratic in β.
  public let isPiecewiseLinear: Bool
  public let dataset: DatasetDescription
  /// The samples actually used, at most `settings.sampleCount`.
  public let sampleCount: Int
  /// The samples the derivative checks used.
  public let derivativeSampleCount: Int
  /// The entries drawn per layer by each derivative check: (unit, sample)
  /// pairs, each with one entry per output, or weights.
  public let derivativeEntriesPerLayer: Int
  /// ∂y/∂z from the stacked backward passes against GSL.
  public let sensitivityCheck: DerivativeCheckResult
  /// ∂ℒ/∂W of the mean cross-entropy against GSL.
  public let gradientCheck: DerivativeCheckResult
  public let layers: [LayerVerification]
  /// Every weight whose ground truth failed, with the reason.
  public let groundTruthFailures: [GroundTruthError]
  /// Kendall's τ-b of I against E(β_true) over all solved weights.
  public let kendallTau: Double?
  public let overlaps: [OverlapRow]
  /// The Taylor tests by layer, the largest-importance weights first.
  public let taylorCases: [[TaylorCase]]
  /// The unpruned network on the test set.
  public let unpruned: Evaluation
  public let compensationRows: [CompensationRow]
  /// The weights removed at a ratio whose β_true was unavailable, so the
  /// ground-truth compensation used β* for them, by ratio.
  public let substitutedCompensations: [Int]
}
