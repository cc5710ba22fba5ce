import Testing

@testable import TensorFiles

@Suite struct TensorTests {
  @Test(
    arguments: [
      ([], 1), ([0], 0), ([7], 7), ([2, 3, 4], 24), ([3, 0, 5], 0),
      ([Int.max, 1], Int.max),
    ] as [([Int], Int)])
  func elementCountOfShape(shape: [Int], count: Int) {
    #expect(Tensor.elementCount(of: shape) == count)
  }

  @Test(arguments: [[-1], [2, -3], [Int.max, 2], [1 << 32, 1 << 32]])
  func elementCountRejectsShape(shape: [Int]) {
    #expect(Tensor.elementCount(of: shape) == nil)
  }

  @Test func scalarHasEmptyShape() {
    let scalar = Tensor(scalar: 2.5)
    #expect(scalar.shape == [])
    #expect(scalar.values == [2.5])
  }

  @Test func equalityFollowsDoubleEquality() {
    let zero = Tensor(shape: [1], values: [0])
    let negativeZero = Tensor(shape: [1], values: [-0.0])
    let nan = Tensor(shape: [1], values: [.nan])
    let otherNaN = Tensor(shape: [1], values: [.nan])
    #expect(zero == negativeZero)
    #expect(nan != otherNaN)
  }

  @Test func consistencyTracksPropertyChanges() {
    var tensor = Tensor(shape: [2], values: [1, 2])
    #expect(tensor.isConsistent)
    tensor.values.append(3)
    #expect(!tensor.isConsistent)
  }

  @Test(arguments: [
    (ElementType.float64, 8), (.float32, 4), (.int64, 8), (.int32, 4),
    (.int8, 1), (.uint8, 1),
  ])
  func elementByteCount(type: ElementType, bytes: Int) {
    #expect(type.byteCount == bytes)
  }

  @Test func decodingConvertsIntegersExactly() throws {
    let bytes =
      littleEndianBytes(Int64(1) << 53) + littleEndianBytes(Int64(-7))
      + littleEndianBytes(Int64.min)
    let values = try ElementDecoding.decode(
      bytes, offset: 0, count: 3, type: .int64, byteOrder: .littleEndian)
    #expect(values == [9_007_199_254_740_992, -7, -9.223372036854775808e18])
  }

  @Test func decodingRejectsInexactInt64() {
    let inexact = Int64(1 << 53) + 1
    let bytes = littleEndianBytes(Int64(3)) + littleEndianBytes(inexact)
    #expect(throws: InexactElement.self) {
      _ = try ElementDecoding.decode(
        bytes, offset: 0, count: 2, type: .int64, byteOrder: .littleEndian)
    }
  }

  @Test func decodingReadsBigEndianFloat32() throws {
    let bytes = bigEndianBytes(Float(1.5).bitPattern)
    let values = try ElementDecoding.decode(
      bytes, offset: 0, count: 1, type: .float32, byteOrder: .bigEndian)
    #expect(values == [1.5])
  }
}
