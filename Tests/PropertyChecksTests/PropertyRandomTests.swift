import PropertyChecks
import Testing

@Suite struct PropertyRandomTests {
  /// SplitMix64 from seed 0 starts with 0xE220A8397B1DCDAF and
  /// 0x6E789E6AA1B965F4, the outputs other implementations test for.
  @Test func matchesTheReferenceSequence() {
    var random = PropertyRandom(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func sameSeedSameSequence() {
    var first = PropertyRandom(seed: 12345)
    var second = PropertyRandom(seed: 12345)
    for _ in 0..<100 { #expect(first.next() == second.next()) }
  }

  @Test func uniformStaysInTheUnitInterval() {
    var random = PropertyRandom(seed: 7)
    for _ in 0..<10_000 {
      let u = random.uniform()
      #expect(u >= 0)
      #expect(u < 1)
    }
  }

  /// Every value of a small range appears, each about equally often:
  /// 60,000 draws over 6 values, so each count is 10,000 ± 5 sigma (~456).
  @Test func integersCoverTheRangeEvenly() {
    var random = PropertyRandom(seed: 99)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 {
      let value = random.integer(in: -2...3)
      #expect((-2...3).contains(value))
      counts[value + 2] += 1
    }
    for count in counts { #expect(abs(count - 10_000) < 460) }
  }

  @Test func integersHandleTheWidestRanges() {
    var random = PropertyRandom(seed: 3)
    _ = random.integer(in: Int.min...Int.max)
    #expect(random.integer(in: 5...5) == 5)
    #expect(random.integer(in: Int.max...Int.max) == Int.max)
    let value = random.integer(in: Int.min...(Int.min + 1))
    #expect(value == Int.min || value == Int.min + 1)
  }
}
