#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A tick label: `mantissa`, then `exponent` set as a superscript when
/// present, so 10⁻⁶ is the mantissa "10" with the exponent "−6".
struct TickLabel: Equatable {
  var mantissa: String
  var exponent: String? = nil

  /// Estimates the rendered width from an average glyph width of 0.6 em,
  /// because no font metrics are available when the SVG is written.
  func estimatedWidth(fontSize: Double, exponentSize: Double) -> Double {
    let exponentWidth = Double(exponent?.count ?? 0) * 0.6 * exponentSize
    return Double(mantissa.count) * 0.6 * fontSize + exponentWidth
  }
}

/// A tick at `location`, an axis coordinate (the value itself on a linear
/// axis, its base-10 logarithm on a logarithmic one). Minor ticks have no
/// label.
struct AxisTick: Equatable {
  var location: Double
  var label: TickLabel?
}

/// One chart axis with its range settled: it maps data values to fractions
/// of the axis length and lists the ticks.
///
/// The axis works in axis coordinates, t = v on a linear axis and
/// t = log₁₀ v on a logarithmic one, so a log axis reaching 10⁻³²⁰ does not
/// underflow.
struct ChartAxis {
  let scale: LineChart.Scale
  /// The axis coordinate of the lower end.
  let lower: Double
  /// The axis coordinate of the upper end, always above `lower`.
  let upper: Double

  /// Settles the range: `fixedRange` when given, otherwise the range of
  /// the drawable `dataValues` with 5 % padding each side on a linear axis,
  /// widened to whole decades on a logarithmic one.
  ///
  /// - Precondition: `fixedRange`, when given, has finite bounds with
  ///   `lowerBound < upperBound`, and `lowerBound > 0` on a log axis.
  init(
    scale: LineChart.Scale, fixedRange: ClosedRange<Double>?,
    dataValues: [Double]
  ) {
    self.scale = scale
    if let fixedRange {
      let (low, high) = (fixedRange.lowerBound, fixedRange.upperBound)
      precondition(
        low.isFinite && high.isFinite && low < high,
        "axis range \(low)...\(high) must be finite with lower < upper")
      precondition(
        scale == .linear || low > 0,
        "logarithmic axis range \(low)...\(high) must be positive")
      lower = scale == .linear ? low : log10(low)
      upper = scale == .linear ? high : log10(high)
      return
    }
    let drawable = dataValues.filter { ChartAxis.isDrawable($0, on: scale) }
    let range =
      scale == .linear
      ? ChartAxis.paddedRange(drawable) : ChartAxis.decadeRange(drawable)
    (lower, upper) = range
  }

  /// Returns whether `value` can be placed on an axis of `scale`: it must
  /// be finite, and positive on a log axis.
  static func isDrawable(_ value: Double, on scale: LineChart.Scale) -> Bool {
    value.isFinite && (scale == .linear || value > 0)
  }

  func isDrawable(_ value: Double) -> Bool {
    ChartAxis.isDrawable(value, on: scale)
  }

  /// Returns where `value` lies along the axis, 0 at the lower end and 1 at
  /// the upper end, or nil when it cannot be drawn.
  ///
  /// Values far outside give fractions far outside 0...1, clamped to
  /// ±1e15 so that later clipping arithmetic stays finite.
  func fraction(of value: Double) -> Double? {
    guard isDrawable(value) else { return nil }
    let location = scale == .linear ? value : log10(value)
    return fraction(ofLocation: location)
  }

  /// Returns where the axis coordinate `location` lies along the axis.
  func fraction(ofLocation location: Double) -> Double {
    // Halving each term keeps the differences finite for bounds near the
    // largest Double.
    let fraction = (location / 2 - lower / 2) / (upper / 2 - lower / 2)
    return min(max(fraction, -1e15), 1e15)
  }

  /// Returns the data value at `fraction` of the axis length.
  func value(atFraction fraction: Double) -> Double {
    let location = (lower / 2 + fraction * (upper / 2 - lower / 2)) * 2
    return scale == .linear ? location : pow(10, location)
  }

  /// Lists the major (labelled) and minor ticks inside the range.
  func ticks() -> [AxisTick] {
    scale == .linear
      ? ChartAxis.linearTicks(lower: lower, upper: upper) : logarithmicTicks()
  }

  // MARK: Ranges from data

  /// Returns the data range padded by 5 % each side, ±10 % (±1 at zero)
  /// around a single value, or 0...1 without data.
  private static func paddedRange(_ values: [Double]) -> (Double, Double) {
    guard let minimum = values.min(), let maximum = values.max() else {
      return (0, 1)
    }
    let padding =
      minimum == maximum
      ? (minimum == 0 ? 1 : abs(minimum) / 10)
      : (maximum / 2 - minimum / 2) / 10
    let limit = Double.greatestFiniteMagnitude
    return (max(minimum - padding, -limit), min(maximum + padding, limit))
  }

  /// Returns the exponents of the decades that enclose `values`, one more
  /// decade each side when all values are the same power of ten, or
  /// 10⁰...10¹ without data.
  private static func decadeRange(_ values: [Double]) -> (Double, Double) {
    guard let minimum = values.min(), let maximum = values.max() else {
      return (0, 1)
    }
    // The tolerance keeps log10(1e-6) = -5.999… from adding a decade.
    var low = (log10(minimum) + 1e-9).rounded(.down)
    var high = (log10(maximum) - 1e-9).rounded(.up)
    if low >= high {
      low -= 1
      high += 1
    }
    return (low, high)
  }

  // MARK: Linear ticks

  /// Returns ticks at multiples of a 1, 2 or 5 × 10ᵏ step, choosing the
  /// step that gives closest to six ticks within 4…8.
  static func linearTicks(lower: Double, upper: Double) -> [AxisTick] {
    guard let step = niceStep(lower: lower, upper: upper) else { return [] }
    let first = (lower / step - 1e-9).rounded(.up)
    let last = (upper / step + 1e-9).rounded(.down)
    // Beyond 2⁵³ steps from zero, neighbouring ticks are not distinct.
    guard abs(first) < 9e15, abs(last) < 9e15, first <= last else {
      return []
    }
    let values = stride(from: first, through: last, by: 1).map {
      $0 == 0 ? 0 : $0 * step
    }
    let largest = max(abs(lower), abs(upper))
    let plain = step >= 1e-3 && largest < 1e6
    let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    return values.map { value in
      let label =
        plain
        ? TickLabel(mantissa: signed(ChartNumber.fixed(value, decimals)))
        : scientificLabel(value, step: step)
      return AxisTick(location: value, label: label)
    }
  }

  /// Returns the step of the form 1, 2 or 5 × 10ᵏ whose tick count is
  /// closest to six within 4…8, or the one with the most ticks up to 8.
  private static func niceStep(lower: Double, upper: Double) -> Double? {
    let rough = (upper / 2 - lower / 2) / 2.5
    guard rough > 0, rough.isFinite else { return nil }
    let exponent = log10(rough).rounded(.down)
    var candidates: [(step: Double, count: Double)] = []
    for power in [exponent - 1, exponent, exponent + 1] {
      for multiple in [1.0, 2, 5] {
        let step = multiple * pow(10, power)
        guard step > 0, step.isFinite else { continue }
        let count =
          (upper / step + 1e-9).rounded(.down)
          - (lower / step - 1e-9).rounded(.up) + 1
        candidates.append((step, count))
      }
    }
    let preferred = candidates.filter { (4...8).contains($0.count) }
    if let best = preferred.min(by: { abs($0.count - 6) < abs($1.count - 6) }) {
      // Among equally good counts, min(by:) keeps the first, which is the
      // smallest step. Take the largest, which leaves more room per label.
      let distance = abs(best.count - 6)
      return preferred.last { abs($0.count - 6) == distance }?.step
    }
    return candidates.filter { $0.count <= 8 }.max { $0.count < $1.count }?
      .step
  }

  /// Returns `value` as m × 10ᵏ, with as many mantissa digits as the tick
  /// step resolves.
  private static func scientificLabel(_ value: Double, step: Double)
    -> TickLabel
  {
    guard value != 0 else { return TickLabel(mantissa: "0") }
    var exponent = Int((log10(abs(value)) + 1e-9).rounded(.down))
    let stepExponent = Int((log10(step) + 1e-9).rounded(.down))
    let digits = min(max(0, exponent - stepExponent), 6)
    // Dividing by 10ᵏ in two halves keeps 10ᵏ representable for
    // subnormal values such as 5e-324.
    let halfPower = pow(10, Double(exponent / 2))
    let restPower = pow(10, Double(exponent - exponent / 2))
    var mantissa = ChartNumber.fixed(
      value / halfPower / restPower, digits, trimmingZeros: true)
    // Rounding can carry the mantissa to 10, as in 9.99 → "10".
    if mantissa == "10" || mantissa == "-10" {
      exponent += 1
      mantissa = value < 0 ? "-1" : "1"
    }
    let power = signed(String(exponent))
    switch mantissa {
    case "1": return TickLabel(mantissa: "10", exponent: power)
    case "-1": return TickLabel(mantissa: "\u{2212}10", exponent: power)
    default:
      return TickLabel(
        mantissa: signed(mantissa) + "\u{00D7}10", exponent: power)
    }
  }

  /// Returns `text` with a leading hyphen replaced by a minus sign (U+2212).
  private static func signed(_ text: String) -> String {
    text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
  }

  // MARK: Logarithmic ticks

  /// Returns ticks for a logarithmic axis.
  ///
  /// Every decade gets a tick labelled 10ᵏ. Over more than eight decades,
  /// only the exponents divisible by a stride from `decadeStride` keep
  /// their labels. Over at most five decades, minor ticks mark 2…9 × 10ᵏ,
  /// and they are labelled too when fewer than two decades are. When even
  /// that labels fewer than two ticks, as on 2.1...2.3, linear ticks on
  /// the data values replace them.
  private func logarithmicTicks() -> [AxisTick] {
    let firstDecade = Int((lower - 1e-9).rounded(.up))
    let lastDecade = Int((upper + 1e-9).rounded(.down))
    let decadeCount = max(0, lastDecade - firstDecade + 1)
    let labelStride = ChartAxis.decadeStride(labelling: decadeCount)

    var ticks: [AxisTick] = []
    if firstDecade <= lastDecade {
      for decade in firstDecade...lastDecade {
        let labelled = decade % labelStride == 0
        let label = TickLabel(
          mantissa: "10", exponent: ChartAxis.signed(String(decade)))
        ticks.append(
          AxisTick(location: Double(decade), label: labelled ? label : nil))
      }
    }
    guard upper - lower <= 5 else { return ticks }

    // Minor ticks at 2…9 × 10ᵏ, labelled only when decades are scarce.
    let labelsMinor = ticks.filter { $0.label != nil }.count < 2
    let lowestDecade = Int(lower.rounded(.down))
    let highestDecade = Int(upper.rounded(.up))
    for decade in lowestDecade..<highestDecade {
      for multiple in 2...9 {
        let location = log10(Double(multiple)) + Double(decade)
        guard location >= lower - 1e-9, location <= upper + 1e-9 else {
          continue
        }
        let label = ChartAxis.minorLabel(multiple, decade: decade)
        ticks.append(
          AxisTick(location: location, label: labelsMinor ? label : nil))
      }
    }
    ticks.sort { $0.location < $1.location }
    guard ticks.filter({ $0.label != nil }).count < 2 else { return ticks }

    // Inside one decade: linear ticks on the data values, kept positive.
    let linear = ChartAxis.linearTicks(
      lower: pow(10, lower), upper: pow(10, upper))
    return linear.filter { $0.location > 0 }.map {
      AxisTick(location: log10($0.location), label: $0.label)
    }
  }

  /// Returns the smallest of 1, 2, 3, 5, 10, 20, 50, 100, … that labels at
  /// most eight of `decadeCount` decades.
  private static func decadeStride(labelling decadeCount: Int) -> Int {
    let needed = max(1, (decadeCount + 7) / 8)
    if let small = [1, 2, 3, 5].first(where: { $0 >= needed }) { return small }
    var power = 10
    while true {
      for multiple in [1, 2, 5] where multiple * power >= needed {
        return multiple * power
      }
      power *= 10
    }
  }

  /// Returns the label of m × 10ᵏ, in plain notation for 10⁻³ ≤ k ≤ 10⁵.
  private static func minorLabel(_ multiple: Int, decade: Int) -> TickLabel {
    guard (-3...5).contains(decade) else {
      return TickLabel(
        mantissa: "\(multiple)\u{00D7}10", exponent: signed(String(decade)))
    }
    let value = Double(multiple) * pow(10, Double(decade))
    return TickLabel(mantissa: ChartNumber.fixed(value, max(0, -decade)))
  }
}

/// Writes numbers for SVG without the C library, so the output never
/// depends on the process's locale (printf's "%f" takes its decimal point
/// from LC_NUMERIC).
enum ChartNumber {
  /// Returns `value` rounded half away from zero to `decimals` digits after
  /// the point, with trailing zeros dropped when `trimmingZeros` is set.
  /// Never returns "-0".
  ///
  /// Values whose scaled magnitude reaches 2⁵³ fall back to Swift's
  /// shortest round-trip form, such as "1e+20", which is also locale-free.
  ///
  /// - Precondition: `value` is finite and `decimals` is in 0...15.
  static func fixed(
    _ value: Double, _ decimals: Int, trimmingZeros: Bool = false
  ) -> String {
    precondition(value.isFinite, "cannot format \(value) as a fixed number")
    precondition(
      (0...15).contains(decimals), "decimals \(decimals) not in 0...15")
    let scaled = (value.magnitude * pow(10, Double(decimals))).rounded(
      .toNearestOrAwayFromZero)
    guard scaled < 9_007_199_254_740_992 else { return "\(value)" }

    var digits = String(UInt64(scaled))
    if digits.count <= decimals {
      digits =
        String(repeating: "0", count: decimals - digits.count + 1) + digits
    }
    let pointIndex = digits.index(digits.endIndex, offsetBy: -decimals)
    var fraction = Substring(digits[pointIndex...])
    if trimmingZeros {
      while fraction.last == "0" { fraction = fraction.dropLast() }
    }
    var text = String(digits[..<pointIndex])
    if !fraction.isEmpty { text += "." + fraction }
    return value < 0 && scaled != 0 ? "-" + text : text
  }

  /// Returns an SVG coordinate or length: two decimals, trailing zeros
  /// dropped.
  static func coordinate(_ value: Double) -> String {
    fixed(value, 2, trimmingZeros: true)
  }
}

/// A point in axis fractions: (0, 0) is the lower left corner of the plot
/// area and (1, 1) the upper right.
struct FractionPoint: Equatable {
  var x: Double
  var y: Double

  /// The unit square widened by a tolerance, so that a point computed to
  /// lie on the frame, such as log10(1e-6) on a 10⁻⁶ axis, counts as inside.
  static let bounds = -1e-9...(1 + 1e-9)

  var isInsideUnitSquare: Bool {
    FractionPoint.bounds.contains(x) && FractionPoint.bounds.contains(y)
  }
}

/// Clips the polyline through `points` to the unit square and returns the
/// visible pieces, one polyline each. A line that leaves the square and
/// comes back gives two pieces. A single point gives itself when inside.
func clip(_ points: [FractionPoint]) -> [[FractionPoint]] {
  guard points.count > 1 else {
    return points.first.map { $0.isInsideUnitSquare ? [[$0]] : [] } ?? []
  }
  var pieces: [[FractionPoint]] = []
  var current: [FractionPoint] = []
  for (start, end) in zip(points, points.dropFirst()) {
    guard let segment = clipSegment(from: start, to: end) else {
      if !current.isEmpty { pieces.append(current) }
      current = []
      continue
    }
    // A segment that enters the square starts a new piece.
    if current.isEmpty || segment.startMoved {
      if !current.isEmpty { pieces.append(current) }
      current = [segment.start]
    }
    current.append(segment.end)
    if segment.endMoved {
      pieces.append(current)
      current = []
    }
  }
  if !current.isEmpty { pieces.append(current) }
  return pieces
}

/// Clips one segment to the unit square by the Liang–Barsky method, which
/// intersects the segment's parameter interval 0...1 with the interval
/// inside each of the four edges. Returns nil when no part is inside.
/// `startMoved` and `endMoved` are set when that end was cut.
private func clipSegment(from start: FractionPoint, to end: FractionPoint)
  -> (
    start: FractionPoint, end: FractionPoint, startMoved: Bool,
    endMoved: Bool
  )?
{
  let (low, high) = (
    FractionPoint.bounds.lowerBound, FractionPoint.bounds.upperBound
  )
  let dx = end.x - start.x
  let dy = end.y - start.y
  var entering = 0.0
  var leaving = 1.0
  // Each edge as (p, q): the segment is inside that edge where p·t ≤ q.
  let edges = [
    (-dx, start.x - low), (dx, high - start.x),
    (-dy, start.y - low), (dy, high - start.y),
  ]
  for (p, q) in edges {
    if p == 0 {
      // Parallel to this edge: wholly outside it or never crossing it.
      if q < 0 { return nil }
      continue
    }
    let crossing = q / p
    if p < 0 {
      entering = max(entering, crossing)
    } else {
      leaving = min(leaving, crossing)
    }
    if entering > leaving { return nil }
  }
  func point(at t: Double) -> FractionPoint {
    FractionPoint(x: start.x + t * dx, y: start.y + t * dy)
  }
  let startMoved = entering > 0
  let endMoved = leaving < 1
  return (
    startMoved ? point(at: entering) : start,
    endMoved ? point(at: leaving) : end, startMoved, endMoved
  )
}
