import Foundation
import NeuralNetwork
import Testing
import Verification

@testable import Experiments

/// The ground-truth benchmark on a network small enough to solve in
/// milliseconds: its counts must agree with the network and with each
/// other, and the page's pass or fail must follow from its numbers. No
/// time is asserted; the timings are only checked to be there.
@Suite struct GroundTruthBenchmarkTests {
  static let network = Network(
    sizes: [6, 5, 4, 3], hiddenActivation: .tanh, seed: 3)
  /// Twenty samples spread over [-1, 1] without a generator.
  static let inputs = Matrix(
    rows: 20, columns: 6, values: (0..<120).map { sin(0.7 * Double($0)) })

  static func run(seed: UInt64 = 5) -> GroundTruthBenchmarkResult {
    GroundTruthBenchmark.run(
      network: network, inputs: inputs, sampledWeightCount: 7,
      unitsPerLayer: 2, seed: seed)
  }

  @Test func countsAgreeWithTheNetwork() {
    let result = Self.run()
    let network = Self.network
    #expect(result.sampleCount == 20)
    #expect(result.weightCount == network.weightCount)
    #expect(result.parameterCount == network.parameterCount)
    #expect(result.solvedCount + result.failureCount == result.weightCount)
    // A smooth network of this size converges everywhere, and each solved
    // weight takes at least the evaluation at β = 0.
    #expect(result.failureCount == 0)
    #expect(result.evaluations >= result.solvedCount)

    #expect(result.oneCore.map(\.layer) == Array(network.layers.indices))
    for (timing, dense) in zip(result.oneCore, network.layers) {
      #expect(timing.units.count == 2)
      #expect(Set(timing.units).count == 2)
      #expect(timing.units.allSatisfy { (0..<dense.unitCount).contains($0) })
      #expect(timing.weightsTimed == 2 * dense.inputCount)
      #expect(timing.layerWeightCount == dense.weight.values.count)
    }

    let sampled = result.sampledWeights
    #expect(sampled.count == 7)
    #expect(Set(sampled).count == 7)
    #expect(
      sampled.allSatisfy { weight in
        let dense = network.layers[weight.layer]
        return (0..<dense.unitCount).contains(weight.row)
          && (0..<dense.inputCount).contains(weight.column)
      })
    #expect(result.incrementalSeconds.count == 7)
    #expect(result.naiveSeconds.count == 7)
    #expect(result.naiveOneThreadSeconds.count == 7)
    #expect(result.incrementalFailureCount == 0)
    #expect(result.naiveFailureCount == 0)
    let times =
      [result.batchedSeconds] + result.oneCore.map(\.seconds)
      + result.incrementalSeconds + result.naiveSeconds
      + result.naiveOneThreadSeconds
    #expect(times.allSatisfy { $0.isFinite })
    #expect(times.allSatisfy { $0 >= 0 })
  }

  @Test func derivedFiguresFollowFromTheMeasured() {
    let result = Self.run()
    let weights = Double(result.weightCount)
    let naiveMean = result.naiveSeconds.reduce(0, +) / 7
    #expect(result.naiveSecondsPerWeight == naiveMean)
    #expect(result.naiveExtrapolatedSeconds == naiveMean * weights)
    #expect(result.batchedSecondsPerWeight == result.batchedSeconds / weights)
    #expect(
      result.naiveOverBatched
        == naiveMean / (result.batchedSeconds / weights))
    let oneCore = result.oneCore.reduce(0.0) {
      $0 + $1.seconds / Double($1.weightsTimed) * Double($1.layerWeightCount)
    }
    #expect(abs(result.oneCoreExtrapolatedSeconds - oneCore) <= 1e-12 * oneCore)
  }

  @Test func theSeedFixesTheSample() {
    let first = Self.run(seed: 9)
    let second = Self.run(seed: 9)
    #expect(first.sampledWeights == second.sampledWeights)
    #expect(first.oneCore.map(\.units) == second.oneCore.map(\.units))
  }

  @Test func flatIndicesCoverEveryWeightOnce() {
    let network = Self.network
    let all = (0..<network.weightCount).map {
      GroundTruthBenchmark.weightIndex(ofFlatIndex: $0, in: network)
    }
    #expect(Set(all).count == network.weightCount)
    #expect(all.first == WeightIndex(layer: 0, row: 0, column: 0))
    #expect(all.last == WeightIndex(layer: 2, row: 2, column: 3))
  }

  @Test func pageAndRecordCarryTheFigures() throws {
    let result = Self.run()
    let page = BenchmarkReport.groundTruthMarkdown(result)
    #expect(page.contains("\(result.weightCount) weights"))
    #expect(page.contains("\(result.parameterCount) parameters"))

    // The met column of each target row follows from the numbers.
    let rows = page.split(separator: "\n").filter { $0.hasPrefix("| ") }
    let every = try #require(
      rows.first { $0.contains("every weight, batched") })
    let meetsTime =
      result.batchedSeconds <= BenchmarkReport.targetGroundTruthSeconds
    #expect(every.hasSuffix(meetsTime ? "| yes |" : "| no |"))
    let naive = try #require(
      rows.first { $0.hasPrefix("| naive over batched, per weight |") })
    let meetsSpeedUp =
      result.naiveOverBatched >= BenchmarkReport.targetNaiveOverBatched
    #expect(naive.hasSuffix(meetsSpeedUp ? "| yes |" : "| no |"))

    let record = BenchmarkReport.groundTruthJSON(result).rendered()
    for key in [
      "\"weights\": \(result.weightCount)", "\"batched_seconds\"",
      "\"naive_over_batched\"", "\"one_core_extrapolated_seconds\"",
      "\"sampled_weights\"",
    ] {
      #expect(record.contains(key), "\(key) missing from the record")
    }
  }
}
