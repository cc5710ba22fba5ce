import GSL
import Testing

@Suite struct KinkAwareDerivativeTests {
  @Test func smoothFunctionGivesCentralValue() throws {
    let result = try KinkAwareDerivative.derivative(
      of: { $0 * $0 * $0 }, at: 2)
    guard case .smooth(let estimate) = result else {
      Issue.record("x³ at 2 was reported as a kink: \(result)")
      return
    }
    // d/dx x³ = 12 at 2. The central rule is exact for cubics up to
    // rounding of order ε·|f|/h ≈ 2e-11.
    #expect(abs(estimate.value - 12) <= 1e-9)
  }

  @Test func absoluteValueAtZeroIsKink() throws {
    let result = try KinkAwareDerivative.derivative(of: { abs($0) }, at: 0)
    guard case .kink(let left, let right) = result else {
      Issue.record("|x| at 0 was reported as smooth: \(result)")
      return
    }
    #expect(abs(left + 1) <= 1e-9)
    #expect(abs(right - 1) <= 1e-9)
  }

  @Test func kinkOutsideStepIsSmooth() throws {
    // The kink of |x| lies 1e-2 away, a hundred steps of 1e-4.
    let result = try KinkAwareDerivative.derivative(
      of: { abs($0) }, at: 1e-2, step: 1e-4)
    guard case .smooth(let estimate) = result else {
      Issue.record("|x| at 1e-2 was reported as a kink: \(result)")
      return
    }
    #expect(abs(estimate.value - 1) <= 1e-9)
  }
}
