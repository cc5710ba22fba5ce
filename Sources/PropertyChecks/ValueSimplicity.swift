/// The simplicity order of doubles: 0, then integers, then one decimal,
/// then anything else, and at equal class the smaller magnitude.
///
/// The order compares (class, |x|) lexicographically. Doubles are
/// finitely many, so every strictly decreasing chain is finite, which is
/// what makes value shrinking end.
public enum ValueSimplicity {
  /// 0 for ±0, 1 for other integers, 2 for values with one decimal
  /// (x = k/10 as rounded), 3 for other finite values, 4 for NaN and ±∞.
  public static func simplicityClass(_ x: Double) -> Int {
    guard x.isFinite else { return 4 }
    if x == 0 { return 0 }
    if x == x.rounded(.towardZero) { return 1 }
    return (x * 10).rounded() / 10 == x ? 2 : 3
  }

  /// Returns whether `a` comes strictly before `b` in the order.
  public static func isSimpler(_ a: Double, than b: Double) -> Bool {
    let (classA, classB) = (simplicityClass(a), simplicityClass(b))
    if classA != classB { return classA < classB }
    return classA < 4 && abs(a) < abs(b)
  }

  /// `x` truncated toward 0 to one decimal.
  public static func oneDecimal(_ x: Double) -> Double {
    guard x.isFinite else { return 0 }
    let tenths = (x * 10).rounded(.towardZero)
    return tenths.isFinite ? tenths / 10 : x
  }

  /// Simpler values than `x`, simplest first: 0, the integer part, one
  /// decimal, and half an integer's magnitude. Every candidate is
  /// strictly simpler than `x`.
  public static func candidates(for x: Double) -> [Double] {
    let proposals = [
      0, x.isFinite ? x.rounded(.towardZero) : 0, oneDecimal(x),
      x.isFinite ? (x / 2).rounded(.towardZero) : 0,
    ]
    var candidates: [Double] = []
    for proposal in proposals
    where isSimpler(proposal, than: x) && !candidates.contains(proposal) {
      candidates.append(proposal)
    }
    return candidates
  }
}
