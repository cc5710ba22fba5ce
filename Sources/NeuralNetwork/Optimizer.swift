/// A first-order optimiser's algorithm and hyper-parameters.
public enum OptimizerKind: Sendable, Equatable {
  /// SGD with heavy-ball momentum μ in PyTorch's form: v ← μv + g,
  /// p ← p − η v.
  case sgd(momentum: Double)
  /// Adam (Kingma & Ba 2015) with bias correction, as in PyTorch:
  /// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − η m̂ / (√v̂ + ε).
  case adam(beta1: Double, beta2: Double, epsilon: Double)

  /// Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
  public static let adamDefaults = OptimizerKind.adam(
    beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
}

/// An optimiser with its per-parameter state, sized for one network.
public struct Optimizer: Sendable {
  /// The algorithm and hyper-parameters.
  public let kind: OptimizerKind
  /// The step size η.
  public var learningRate: Double
  /// The number of steps taken so far.
  public private(set) var stepCount = 0

  // First and second moment (or velocity) per layer, weights then biases.
  private var firstMoments: [[Double]]
  private var secondMoments: [[Double]]

  /// Creates an optimiser with zero state for `network`.
  public init(_ kind: OptimizerKind, learningRate: Double, for network: Network)
  {
    self.kind = kind
    self.learningRate = learningRate
    let shapes = network.layers.flatMap {
      [$0.weight.values.count, $0.bias.count]
    }
    firstMoments = shapes.map { [Double](repeating: 0, count: $0) }
    if case .adam = kind {
      secondMoments = firstMoments
    } else {
      secondMoments = []
    }
  }

  /// Updates the parameters of `network` from `gradients` by one step.
  ///
  /// With a `mask`, removed weights get a zero gradient, their moments are
  /// reset to zero, and they are set back to exactly 0 after the update.
  public mutating func step(
    _ network: inout Network, gradients: Gradients, mask: WeightMask? = nil
  ) {
    stepCount += 1
    for index in network.layers.indices {
      update(
        &network.layers[index].weight.values,
        gradient: gradients.weights[index].values, slot: 2 * index,
        keep: mask?.layers[index].values)
      update(
        &network.layers[index].bias,
        gradient: gradients.biases[index], slot: 2 * index + 1, keep: nil)
    }
  }

  private mutating func update(
    _ parameters: inout [Double], gradient: [Double], slot: Int,
    keep: [Double]?
  ) {
    precondition(parameters.count == gradient.count, "gradient shape")
    precondition(keep == nil || keep!.count == parameters.count, "mask shape")
    let keepValues = keep ?? []
    let count = parameters.count
    let rate = learningRate
    let kind = self.kind
    let step = Double(stepCount)

    // Move the state out of self (no copy) so the buffers can be borrowed
    // side by side, and put it back afterwards.
    var first: [Double] = []
    var second: [Double] = []
    swap(&first, &firstMoments[slot])
    if !secondMoments.isEmpty { swap(&second, &secondMoments[slot]) }
    defer {
      swap(&first, &firstMoments[slot])
      if !secondMoments.isEmpty { swap(&second, &secondMoments[slot]) }
    }

    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        first.withUnsafeMutableBufferPointer { m in
          second.withUnsafeMutableBufferPointer { v in
            keepValues.withUnsafeBufferPointer { k in
              let shared = (
                SharedPointer(base: p.baseAddress!),
                SharedConstantPointer(base: g.baseAddress!),
                SharedPointer(base: m.baseAddress!),
                v.baseAddress.map { SharedPointer(base: $0) },
                // An empty array may still have a base address, so the
                // mask's presence decides, not the pointer.
                keep == nil
                  ? nil : k.baseAddress.map { SharedConstantPointer(base: $0) }
              )
              ParallelChunks.forEach(count: count) { range in
                switch kind {
                case .sgd(let momentum):
                  OptimizerKernels.sgd(
                    range, parameters: shared.0.base,
                    gradient: shared.1.base, velocity: shared.2.base,
                    keep: shared.4?.base, momentum: momentum, rate: rate)
                case .adam(let beta1, let beta2, let epsilon):
                  OptimizerKernels.adam(
                    range, parameters: shared.0.base,
                    gradient: shared.1.base, first: shared.2.base,
                    second: shared.3!.base, keep: shared.4?.base,
                    constants: .init(
                      beta1: beta1, beta2: beta2, epsilon: epsilon,
                      rate: rate, step: step))
                }
              }
            }
          }
        }
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
