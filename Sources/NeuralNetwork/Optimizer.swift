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
  public mutating func step(_ network: inout Network, gradients: Gradients) {
    stepCount += 1
    for index in network.layers.indices {
      update(
        &network.layers[index].weight.values,
        gradient: gradients.weights[index].values, slot: 2 * index)
      update(
        &network.layers[index].bias,
        gradient: gradients.biases[index], slot: 2 * index + 1)
    }
  }

  private mutating func update(
    _ parameters: inout [Double], gradient: [Double], slot: Int
  ) {
    precondition(parameters.count == gradient.count, "gradient shape")
    let rate = learningRate
    switch kind {
    case .sgd(let momentum):
      parameters.withUnsafeMutableBufferPointer { p in
        gradient.withUnsafeBufferPointer { g in
          firstMoments[slot].withUnsafeMutableBufferPointer { v in
            for index in p.indices {
              v[index] = momentum * v[index] + g[index]
              p[index] -= rate * v[index]
            }
          }
        }
      }
    case .adam(let beta1, let beta2, let epsilon):
      let step = Double(stepCount)
      let correction1 = 1 - pow(beta1, step)
      let correction2 = 1 - pow(beta2, step)
      parameters.withUnsafeMutableBufferPointer { p in
        gradient.withUnsafeBufferPointer { g in
          firstMoments[slot].withUnsafeMutableBufferPointer { m in
            secondMoments[slot].withUnsafeMutableBufferPointer { v in
              for index in p.indices {
                let gradientValue = g[index]
                m[index] = beta1 * m[index] + (1 - beta1) * gradientValue
                v[index] =
                  beta2 * v[index] + (1 - beta2) * gradientValue * gradientValue
                let mHat = m[index] / correction1
                let vHat = v[index] / correction2
                p[index] -= rate * mHat / (vHat.squareRoot() + epsilon)
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
