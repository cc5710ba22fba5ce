import NeuralNetwork
import PropertyChecks
import Pruning

/// One drawn case of a closed-form property: a network with its samples,
/// the response, and a seed for the choices the property makes inside
/// the case (which weights, which permutation, which factor).
public struct ScoringCase: Sendable, Equatable {
  /// The network and its samples.
  public var networkCase: NetworkCase
  /// The response whose change is measured.
  public var response: Response
  /// Seeds the property's own choices; shrinking keeps it.
  public var choice: UInt64

  public init(networkCase: NetworkCase, response: Response, choice: UInt64) {
    self.networkCase = networkCase
    self.response = response
    self.choice = choice
  }

  /// The network under test.
  public var network: Network { networkCase.network }
  /// The samples.
  public var inputs: Matrix { networkCase.inputs }

  /// The request for a scorer, with all samples in one batch unless
  /// `batchSize` gives another size.
  public func request(batchSize: Int? = nil) -> ScoringRequest {
    ScoringRequest(
      network: networkCase.network, inputs: networkCase.inputs,
      labels: networkCase.labels, response: response,
      batchSize: batchSize ?? networkCase.sampleCount)
  }

  /// A generator of the property's choices, seeded by `choice`.
  public var choices: PropertyRandom { PropertyRandom(seed: choice) }
}

extension ScoringCase: CustomStringConvertible {
  public var description: String {
    "response \(response.rawValue), choice \(choice)\n\(networkCase)"
  }
}

extension Generator where Value == ScoringCase {
  /// Cases of `shape` with a response drawn from `responses`.
  ///
  /// Shrinks the network first (see `NetworkShrinker`), then moves the
  /// response toward the front of `responses`; the choice seed stays.
  /// - Precondition: `responses` is not empty.
  public static func scoring(
    _ shape: NetworkShape, responses: [Response] = [.output]
  ) -> Generator {
    precondition(!responses.isEmpty, "at least one response")
    let networks = Generator<NetworkCase>.network(shape)
    return Generator(
      generate: { random in
        let networkCase = networks.generate(&random)
        let response = responses[random.integer(in: 0...(responses.count - 1))]
        return ScoringCase(
          networkCase: networkCase, response: response, choice: random.next())
      },
      shrink: { value in
        var candidates = networks.shrink(value.networkCase).map {
          ScoringCase(
            networkCase: $0, response: value.response, choice: value.choice)
        }
        if let position = responses.firstIndex(of: value.response) {
          for simpler in responses[..<position] {
            var shrunk = value
            shrunk.response = simpler
            candidates.append(shrunk)
          }
        }
        return candidates
      })
  }
}
