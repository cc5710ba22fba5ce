import Foundation
import FoundationXML
import Testing

@testable import Reporting

/// Collects the errors that `XMLParser` reports.
private final class ErrorCollector: NSObject, XMLParserDelegate {
  var errors: [any Error] = []

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    errors.append(parseError)
  }
}

/// Returns the first well-formedness error in `text`, or nil when it is
/// well-formed XML.
///
/// `XMLDocument` cannot make this check: swift-corelibs-foundation parses
/// it with libxml2's XML_PARSE_RECOVER option, so it accepts input such as
/// an unescaped `&`. `XMLParser` reports those errors.
private func wellFormednessError(_ text: String) -> (any Error)? {
  let parser = XMLParser(data: Data(text.utf8))
  let collector = ErrorCollector()
  parser.delegate = collector
  let succeeded = parser.parse()
  if let error = collector.errors.first ?? parser.parserError { return error }
  return succeeded ? nil : CocoaError(.coderReadCorrupt)
}

/// Checks that `svg` is well-formed, then parses it and returns the root
/// element.
private func parse(
  _ svg: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> XMLElement {
  let error = wellFormednessError(svg)
  #expect(error == nil, "not well-formed XML", sourceLocation: sourceLocation)
  let document = try XMLDocument(xmlString: svg, options: [])
  return try #require(document.rootElement(), sourceLocation: sourceLocation)
}

/// Returns every element below `root` whose local name is `name` and, when
/// `className` is given, whose `class` attribute is `className`.
private func elements(
  _ name: String, className: String? = nil, in root: XMLElement
) -> [XMLElement] {
  var found: [XMLElement] = []
  for case let child as XMLElement in root.children ?? [] {
    let classMatches =
      className == nil || attribute("class", of: child) == className
    if child.localName == name && classMatches { found.append(child) }
    found += elements(name, className: className, in: child)
  }
  return found
}

/// Returns the value of the attribute `name` of `element`.
///
/// The attributes are searched by hand because the swift-corelibs-foundation
/// `attribute(forName:)` returns nil for unprefixed attributes such as
/// `class` on an element in a default namespace such as SVG's (seen with
/// Swift 6.3.1 on Linux).
private func attribute(_ name: String, of element: XMLElement) -> String? {
  element.attributes?.first { $0.name == name }?.stringValue
}

private func number(_ name: String, of element: XMLElement) -> Double? {
  attribute(name, of: element).flatMap(Double.init)
}

/// Returns the points of a `polyline` element.
private func points(of polyline: XMLElement) -> [(x: Double, y: Double)] {
  let pairs = (attribute("points", of: polyline) ?? "").split(separator: " ")
  return pairs.compactMap { pair in
    let parts = pair.split(separator: ",").compactMap { Double($0) }
    return parts.count == 2 ? (parts[0], parts[1]) : nil
  }
}

/// Returns the plot frame's x, y, width and height, read from the
/// `plot-area` rectangle.
private func plotArea(
  _ root: XMLElement, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (x: Double, y: Double, width: Double, height: Double) {
  let frame = try #require(
    elements("rect", className: "plot-area", in: root).first,
    sourceLocation: sourceLocation)
  return (
    try #require(number("x", of: frame)), try #require(number("y", of: frame)),
    try #require(number("width", of: frame)),
    try #require(number("height", of: frame))
  )
}

/// Returns the text of every legend entry, in order.
private func legendTexts(_ root: XMLElement) -> [String] {
  let legend = elements("g", className: "legend", in: root)
  return legend.flatMap { elements("text", in: $0) }.map {
    $0.stringValue ?? ""
  }
}

private func tickLabels(_ root: XMLElement) -> [String] {
  let group = elements("g", className: "tick-labels", in: root)
  return group.flatMap { elements("text", in: $0) }.map {
    $0.stringValue ?? ""
  }
}

/// Returns "10⁻ᵏ"-style label text as the chart writes it: "10" then the
/// exponent with a U+2212 minus sign.
private func decadeLabel(_ exponent: Int) -> String {
  exponent < 0 ? "10\u{2212}\(-exponent)" : "10\(exponent)"
}

@Suite struct LineChartTests {
  static let linear = LineChart(
    title: "Loss", xLabel: "epoch", yLabel: "loss",
    series: [
      .init(name: "train", x: [1, 2, 3, 4], y: [0.9, 0.5, 0.3, 0.25]),
      .init(
        name: "test", x: [1, 2, 3, 4], y: [1.0, 0.7, 0.6, 0.58],
        style: .dashed, showsMarkers: true),
    ])

  static let logLog = LineChart(
    title: "Derivative error", xLabel: "step h", yLabel: "absolute error",
    xScale: .logarithmic, yScale: .logarithmic,
    series: [
      .init(
        name: "forward", x: [1e-4, 1e-3, 1e-2, 1e-1],
        y: [1e-5, 1e-4, 1e-3, 1e-2],
        showsMarkers: true),
      .init(
        name: "central", x: [1e-4, 1e-3, 1e-2, 1e-1],
        y: [1e-6, 1e-5, 1e-4, 1e-1]),
    ],
    referenceLines: [
      .init(label: "slope 2 fit", form: .powerLaw(coefficient: 10, exponent: 2))
    ])

  // MARK: Document structure

  @Test(arguments: [
    ("linear", LineChartTests.linear),
    ("log-log", LineChartTests.logLog),
    ("empty", LineChart(title: "Nothing", xLabel: "x", yLabel: "y")),
    (
      "NaN",
      LineChart(
        title: "Gaps", xLabel: "x", yLabel: "y",
        series: [.init(name: "a", x: [1, 2, 3], y: [1, .nan, .infinity])])
    ),
  ])
  func documentIsSVGWithViewBox(name: String, chart: LineChart) throws {
    let root = try parse(chart.svg())
    #expect(root.localName == "svg")
    #expect(root.uri == "http://www.w3.org/2000/svg")
    #expect(attribute("viewBox", of: root) == "0 0 720 440")
    #expect(attribute("version", of: root) == "1.1")
  }

  @Test func specialCharactersAreEscaped() throws {
    let text = #"a <b> & "c" 'd'"#
    let chart = LineChart(
      title: text, xLabel: text, yLabel: text,
      series: [.init(name: text, x: [1, 2], y: [1, 2])],
      referenceLines: [
        .init(label: text, form: .affine(intercept: 0, slope: 1))
      ])
    let root = try parse(chart.svg())
    let title = elements("title", in: root).first
    #expect(title?.stringValue == text)
    let heading = elements("text", className: "title", in: root).first
    #expect(heading?.stringValue == text)
    #expect(
      elements("text", className: "x-label", in: root).first?.stringValue
        == text)
    #expect(legendTexts(root) == [text, text])
  }

  @Test(arguments: [
    "<svg><text>a & b</text></svg>", "<svg><text>a</svg>",
    #"<svg a="1" a="2"/>"#, "<svg>\u{07}</svg>", "<svg/><svg/>",
  ])
  func wellFormednessCheckRejectsBadXML(text: String) {
    // Guards every parse above: the check must be able to fail.
    #expect(wellFormednessError(text) != nil)
  }

  @Test func controlCharactersAreReplaced() throws {
    let chart = LineChart(title: "bell\u{07}end", xLabel: "x", yLabel: "y")
    let root = try parse(chart.svg())
    let heading = elements("text", className: "title", in: root).first
    #expect(heading?.stringValue == "bell\u{FFFD}end")
  }

  @Test func sameChartGivesSameBytes() {
    let first = LineChartTests.logLog.svg()
    let second = LineChartTests.logLog.svg()
    #expect(first == second)
    #expect(Array(first.utf8) == Array(second.utf8))
    #expect(LineChartTests.linear.svg() == LineChartTests.linear.svg())
  }

  // MARK: Segments and gaps

  @Test func wholeSeriesIsOnePolyline() throws {
    let root = try parse(LineChartTests.linear.svg())
    let groups = elements("g", className: "series", in: root)
    #expect(groups.count == 2)
    for group in groups {
      let lines = elements("polyline", in: group)
      #expect(lines.count == 1)
      #expect(lines.first.map { points(of: $0).count } == 4)
    }
  }

  @Test func nanInTheMiddleSplitsTheLine() throws {
    let chart = LineChart(
      title: "Gap", xLabel: "x", yLabel: "y",
      series: [.init(name: "a", x: [1, 2, 3, 4, 5], y: [1, 2, .nan, 4, 5])])
    let root = try parse(chart.svg())
    let group = try #require(elements("g", className: "series", in: root).first)
    let lines = elements("polyline", in: group)
    #expect(lines.count == 2)
    #expect(lines.map { points(of: $0).count } == [2, 2])
    // Neither piece reaches across the gap at x = 3.
    let firstEnd = try #require(lines.first.flatMap { points(of: $0).last })
    let secondStart = try #require(lines.last.flatMap { points(of: $0).first })
    #expect(firstEnd.x < secondStart.x)
  }

  @Test func infiniteAndNonPositiveValuesSplitLogLine() throws {
    let chart = LineChart(
      title: "Gaps", xLabel: "x", yLabel: "y", xScale: .logarithmic,
      yScale: .logarithmic,
      series: [
        .init(
          name: "a", x: [1, 2, 3, 4, 5, 6, 7, 8],
          y: [1, 2, 0, 4, 5, -.infinity, 7, -1])
      ])
    let root = try parse(chart.svg())
    let group = try #require(elements("g", className: "series", in: root).first)
    #expect(elements("polyline", in: group).count == 2)
    // The point at x = 7 is isolated between two gaps and shows as a dot.
    #expect(elements("circle", className: "lone-point", in: group).count == 1)
  }

  @Test func seriesWithoutDrawablePointsIsMarkedInLegend() throws {
    let chart = LineChart(
      title: "Mixed", xLabel: "x", yLabel: "y", yScale: .logarithmic,
      series: [
        .init(name: "good", x: [1, 2], y: [1, 10]),
        .init(name: "bad", x: [1, 2], y: [0, -3]),
        .init(name: "missing", points: []),
      ])
    let root = try parse(chart.svg())
    #expect(
      legendTexts(root) == ["good", "bad (no data)", "missing (no data)"])
    let groups = elements("g", className: "series", in: root)
    #expect(groups.map { elements("polyline", in: $0).count } == [1, 0, 0])
    #expect(elements("text", className: "note", in: root).isEmpty)
  }

  @Test func emptyChartShowsAxesAndNote() throws {
    let root = try parse(
      LineChart(title: "None", xLabel: "x", yLabel: "y").svg())
    let note = elements("text", className: "note", in: root)
    #expect(note.map(\.stringValue) == ["no data"])
    #expect(elements("rect", className: "plot-area", in: root).count == 1)
    #expect(tickLabels(root).count >= 4)
    #expect(elements("g", className: "series", in: root).isEmpty)
    #expect(elements("g", className: "legend", in: root).isEmpty)
  }

  @Test func lineLeavingFixedRangeIsClipped() throws {
    let chart = LineChart(
      title: "Clip", xLabel: "x", yLabel: "y", xRange: 0...10, yRange: 0...10,
      series: [
        .init(name: "a", x: [0, 2, 4, 6, 8, 10], y: [5, 5, 20, 5, 5, 5])
      ])
    let root = try parse(chart.svg())
    let plot = try plotArea(root)
    let lines = elements("polyline", in: root)
    #expect(lines.count == 2)
    for point in lines.flatMap(points) {
      #expect(point.x >= plot.x - 0.01)
      #expect(point.x <= plot.x + plot.width + 0.01)
      #expect(point.y >= plot.y - 0.01)
      #expect(point.y <= plot.y + plot.height + 0.01)
    }
  }

  // MARK: Positions

  @Test func linearPointMapsToPixel() throws {
    let chart = LineChart(
      title: "Map", xLabel: "x", yLabel: "y", xRange: 0...10, yRange: 0...100,
      series: [.init(name: "a", x: [5, 10], y: [25, 100])])
    let root = try parse(chart.svg())
    let plot = try plotArea(root)
    let line = try #require(elements("polyline", in: root).first)
    let first = try #require(points(of: line).first)
    // Coordinates and the frame carry two decimals, hence the tolerance.
    #expect(abs(first.x - (plot.x + 0.5 * plot.width)) < 0.02)
    #expect(abs(first.y - (plot.y + 0.75 * plot.height)) < 0.02)
    let last = try #require(points(of: line).last)
    #expect(abs(last.x - (plot.x + plot.width)) < 0.02)
    #expect(abs(last.y - plot.y) < 0.02)
  }

  @Test func logPointMapsToPixel() throws {
    let chart = LineChart(
      title: "Map", xLabel: "x", yLabel: "y", xScale: .logarithmic,
      yScale: .logarithmic, xRange: 1e-3...1e1, yRange: 1e-6...1,
      series: [.init(name: "a", x: [1e-1, 1], y: [1e-4, 1e-3])])
    let root = try parse(chart.svg())
    let plot = try plotArea(root)
    let line = try #require(elements("polyline", in: root).first)
    let first = try #require(points(of: line).first)
    // 10⁻¹ is two of four decades along x, and 10⁻⁴ two of six along y.
    #expect(abs(first.x - (plot.x + 0.5 * plot.width)) < 0.02)
    #expect(abs(first.y - (plot.y + (1 - 2.0 / 6) * plot.height)) < 0.02)
  }

  // MARK: Axes

  @Test func logAxisLabelsEveryDecadeOfData() throws {
    let chart = LineChart(
      title: "Decades", xLabel: "x", yLabel: "y", yScale: .logarithmic,
      series: [
        .init(
          name: "a", x: [1, 2, 3, 4, 5, 6],
          y: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1])
      ])
    let labels = tickLabels(try parse(chart.svg()))
    for exponent in -6 ... -1 {
      #expect(labels.contains(decadeLabel(exponent)), "missing 10^\(exponent)")
    }
    #expect(!labels.contains(decadeLabel(-7)))
    #expect(!labels.contains(decadeLabel(0)))
  }

  @Test func logAxisHasMinorTicksOverFewDecades() {
    let axis = ChartAxis(
      scale: .logarithmic, fixedRange: 1e-3...1e1, dataValues: [])
    let ticks = axis.ticks()
    #expect(ticks.filter { $0.label != nil }.count == 5)
    #expect(ticks.filter { $0.label == nil }.count == 4 * 8)
  }

  @Test func logAxisThinsLabelsOverManyDecades() {
    let axis = ChartAxis(
      scale: .logarithmic, fixedRange: 1e-20...1, dataValues: [])
    let ticks = axis.ticks()
    // 21 decades need a stride of 3 to keep at most eight labels.
    let labelled = ticks.filter { $0.label != nil }.map(\.location)
    #expect(labelled == [-18, -15, -12, -9, -6, -3, 0])
    #expect(ticks.count == 21)
    // No minor ticks between decades across twenty decades.
    #expect(ticks.allSatisfy { $0.location == $0.location.rounded() })
  }

  @Test func logAxisInsideOneDecadeStillHasLabels() {
    let axis = ChartAxis(
      scale: .logarithmic, fixedRange: 2.1...2.3, dataValues: [])
    #expect(axis.ticks().filter { $0.label != nil }.count >= 2)
  }

  @Test(arguments: [
    (0.0, 10.0), (0.0, 1.0), (-3.7, 12.1), (1e-7, 9e-7), (0, 3.2e6),
    (99.5, 100.5),
  ])
  func linearTicksAreNice(lower: Double, upper: Double) throws {
    let ticks = ChartAxis.linearTicks(lower: lower, upper: upper)
    #expect((4...8).contains(ticks.count), "\(ticks.count) ticks")
    let step =
      try #require(ticks.dropFirst().first).location - ticks[0].location
    let exponent = log10(step).rounded(.down)
    let multiple = step / pow(10, exponent)
    #expect([1, 2, 5].contains { abs(multiple - $0) < 1e-9 }, "step \(step)")
    for tick in ticks {
      #expect(tick.location >= lower - 1e-12)
      #expect(tick.location <= upper + 1e-12)
    }
  }

  @Test func linearTickLabelsShareDecimals() {
    let labels = ChartAxis.linearTicks(lower: 0, upper: 1).map(
      \.label?.mantissa)
    #expect(labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let negative = ChartAxis.linearTicks(lower: -10, upper: 0).first?.label
    #expect(negative?.mantissa == "\u{2212}10")
  }

  @Test func tinyLinearTicksUseScientificLabels() {
    let labels = ChartAxis.linearTicks(lower: 1e-7, upper: 9e-7).compactMap(
      \.label)
    #expect(
      labels.first == TickLabel(mantissa: "2\u{00D7}10", exponent: "\u{2212}7"))
  }

  @Test func extremeValuesRenderWithoutTrapping() throws {
    // Subnormal and near-maximal values stress the tick and label
    // arithmetic, and the chart must still be well-formed with labels.
    let charts = [
      LineChart(
        title: "Tiny", xLabel: "x", yLabel: "y",
        series: [
          .init(
            name: "a", x: [0, 1, 2],
            y: [0, .leastNonzeroMagnitude, 20 * .leastNonzeroMagnitude])
        ]),
      LineChart(
        title: "Huge", xLabel: "x", yLabel: "y",
        series: [
          .init(
            name: "a", x: [0, 1],
            y: [-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude])
        ]),
      LineChart(
        title: "Deep", xLabel: "x", yLabel: "y", yScale: .logarithmic,
        series: [
          .init(name: "a", x: [0, 1], y: [.leastNonzeroMagnitude, 1e300])
        ]),
    ]
    for chart in charts {
      let root = try parse(chart.svg())
      #expect(tickLabels(root).count >= 2, "\(chart.title)")
      #expect(elements("polyline", in: root).count == 1, "\(chart.title)")
    }
  }

  @Test func dataRangeIsPaddedOrSnapped() {
    let linear = ChartAxis(
      scale: .linear, fixedRange: nil, dataValues: [0, 10])
    #expect(linear.lower == -0.5)
    #expect(linear.upper == 10.5)
    let log = ChartAxis(
      scale: .logarithmic, fixedRange: nil, dataValues: [3e-6, 0, -1, 0.02])
    #expect(log.lower == -6)
    #expect(log.upper == -1)
    let single = ChartAxis(
      scale: .logarithmic, fixedRange: nil, dataValues: [1])
    #expect(single.lower == -1)
    #expect(single.upper == 1)
  }

  // MARK: Legend and reference lines

  @Test func legendListsEverySeries() throws {
    let root = try parse(LineChartTests.logLog.svg())
    #expect(legendTexts(root) == ["forward", "central", "slope 2 fit"])
    let box = try #require(
      elements("g", className: "legend", in: root).first.flatMap {
        elements("rect", in: $0).first
      })
    let plot = try plotArea(root)
    // The legend sits right of the plot area, off the data.
    #expect(try #require(number("x", of: box)) > plot.x + plot.width)
  }

  @Test func longLegendGoesBelowPlot() throws {
    let name = String(repeating: "a long series name ", count: 4)
    let chart = LineChart(
      title: "Wide", xLabel: "x", yLabel: "y",
      series: [.init(name: name, x: [1, 2], y: [1, 2])])
    let root = try parse(chart.svg())
    let box = try #require(
      elements("g", className: "legend", in: root).first.flatMap {
        elements("rect", in: $0).first
      })
    let plot = try plotArea(root)
    #expect(try #require(number("y", of: box)) > plot.y + plot.height)
  }

  @Test func referenceLineIsDrawnWithLabel() throws {
    let root = try parse(LineChartTests.logLog.svg())
    let group = try #require(
      elements("g", className: "reference-line", in: root).first)
    #expect(elements("title", in: group).first?.stringValue == "slope 2 fit")
    let line = try #require(elements("polyline", in: group).first)
    let ends = points(of: line)
    #expect(ends.count == 2)

    // On log–log axes the pixel slope is 2 × (pixels per y decade) /
    // (pixels per x decade). Here x spans 10⁻⁴…10⁻¹ and y 10⁻⁶…10⁻¹.
    let plot = try plotArea(root)
    let expected = -2 * (plot.height / 5) / (plot.width / 3)
    let slope = (ends[1].y - ends[0].y) / (ends[1].x - ends[0].x)
    #expect(abs(slope - expected) < 0.01)
  }

  @Test func affineReferenceLineOnLinearAxes() throws {
    let chart = LineChart(
      title: "Fit", xLabel: "x", yLabel: "y", xRange: 0...10, yRange: 0...10,
      series: [.init(name: "a", x: [0, 10], y: [0, 10])],
      referenceLines: [
        .init(label: "y = 1 + x/2", form: .affine(intercept: 1, slope: 0.5))
      ])
    let root = try parse(chart.svg())
    let plot = try plotArea(root)
    let group = try #require(
      elements("g", className: "reference-line", in: root).first)
    let line = try #require(elements("polyline", in: group).first)
    let ends = points(of: line)
    #expect(ends.count == 2)
    // y = 1 at x = 0 and y = 6 at x = 10, on a 0…10 axis.
    let start = try #require(ends.first)
    let end = try #require(ends.last)
    #expect(abs(start.y - (plot.y + 0.9 * plot.height)) < 0.02)
    #expect(abs(end.y - (plot.y + 0.4 * plot.height)) < 0.02)
    #expect(legendTexts(root).last == "y = 1 + x/2")
  }

  @Test func referenceLineOutsideAxesIsMarked() throws {
    let chart = LineChart(
      title: "Far", xLabel: "x", yLabel: "y", xRange: 0...1, yRange: 0...1,
      series: [.init(name: "a", x: [0, 1], y: [0, 1])],
      referenceLines: [
        .init(label: "high", form: .affine(intercept: 5, slope: 0))
      ])
    let root = try parse(chart.svg())
    #expect(legendTexts(root) == ["a", "high (outside the axes)"])
    let group = try #require(
      elements("g", className: "reference-line", in: root).first)
    #expect(elements("polyline", in: group).isEmpty)
  }

  // MARK: Numbers

  @Test(arguments: [
    (1234.5678, 2, false, "1234.57"), (-0.004, 2, false, "0.00"),
    (-0.004, 2, true, "0"),
    (0.5, 0, false, "1"), (3, 2, false, "3.00"), (3, 2, true, "3"),
    (-1.25, 1, false, "-1.3"), (0.05, 3, false, "0.050"),
    (0.05, 3, true, "0.05"), (1e20, 2, false, "1e+20"),
  ])
  func fixedFormatIsLocaleFree(
    value: Double, decimals: Int, trimming: Bool, expected: String
  ) {
    #expect(
      ChartNumber.fixed(value, decimals, trimmingZeros: trimming) == expected)
  }
}
