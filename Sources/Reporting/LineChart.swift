#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A line chart written as a standalone SVG 1.1 document.
///
/// The same chart always gives the same bytes: coordinates are written
/// with at most two decimals by a locale-free formatter, and nothing
/// depends on the clock or on hashing. Points that cannot be drawn (NaN,
/// ±∞, and values ≤ 0 on a logarithmic axis) are skipped and break their
/// line, so no line bridges a gap. Lines are clipped to the plot area.
///
/// ```swift
/// let chart = LineChart(
///   title: "Error against step size", xLabel: "h", yLabel: "error",
///   xScale: .logarithmic, yScale: .logarithmic,
///   series: [.init(name: "forward difference", x: steps, y: errors)])
/// try AtomicFile.write(text: chart.svg(), to: "error.svg")
/// ```
public struct LineChart: Sendable, Equatable {
  /// The mapping from data values to positions along an axis.
  public enum Scale: Sendable, Equatable {
    case linear
    /// Base 10: equal ratios get equal lengths.
    case logarithmic
  }

  /// The stroke pattern of a line.
  public enum LineStyle: Sendable, Equatable {
    case solid
    case dashed
    case dotted
  }

  /// A data point.
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// A named line through data points, drawn in the order given.
  public struct Series: Sendable, Equatable {
    public var name: String
    public var points: [Point]
    public var style: LineStyle
    /// Whether each drawable point inside the axes gets a dot as well as
    /// the line.
    public var showsMarkers: Bool
    /// The index into `LineChart.palette` of the line colour, so a dashed
    /// group can reuse the colours of a solid one. When nil, the series'
    /// position in `LineChart.series` is used.
    public var paletteIndex: Int?

    /// - Precondition: `paletteIndex`, when given, is not negative.
    public init(
      name: String, points: [Point], style: LineStyle = .solid,
      showsMarkers: Bool = false, paletteIndex: Int? = nil
    ) {
      precondition(
        (paletteIndex ?? 0) >= 0, "palette index \(paletteIndex ?? 0) < 0")
      self.name = name
      self.points = points
      self.style = style
      self.showsMarkers = showsMarkers
      self.paletteIndex = paletteIndex
    }

    /// Pairs `x[i]` with `y[i]`.
    ///
    /// - Precondition: `x.count == y.count`.
    public init(
      name: String, x: [Double], y: [Double], style: LineStyle = .solid,
      showsMarkers: Bool = false, paletteIndex: Int? = nil
    ) {
      precondition(x.count == y.count, "\(x.count) x values, \(y.count) y")
      self.init(
        name: name, points: zip(x, y).map { Point(x: $0, y: $1) },
        style: style, showsMarkers: showsMarkers, paletteIndex: paletteIndex)
    }
  }

  /// A labelled guide line drawn across the whole x range, such as a
  /// fitted slope on an error plot.
  public struct ReferenceLine: Sendable, Equatable {
    /// The function the line follows.
    public enum Form: Sendable, Equatable {
      /// y = coefficient · x^exponent, defined for x > 0. On log–log axes
      /// it is a straight line of slope `exponent`.
      case powerLaw(coefficient: Double, exponent: Double)
      /// y = intercept + slope · x, a straight line on linear axes.
      case affine(intercept: Double, slope: Double)
    }

    public var label: String
    public var form: Form
    public var style: LineStyle
    /// The index into `LineChart.palette` of the line colour. When nil,
    /// the line is dark grey.
    public var paletteIndex: Int?

    /// - Precondition: `paletteIndex`, when given, is not negative.
    public init(
      label: String, form: Form, style: LineStyle = .dashed,
      paletteIndex: Int? = nil
    ) {
      precondition(
        (paletteIndex ?? 0) >= 0, "palette index \(paletteIndex ?? 0) < 0")
      self.label = label
      self.form = form
      self.style = style
      self.paletteIndex = paletteIndex
    }

    /// Returns y at `x`, NaN where the power law is undefined (x ≤ 0).
    public func value(at x: Double) -> Double {
      switch form {
      case .powerLaw(let coefficient, let exponent):
        return x > 0 ? coefficient * pow(x, exponent) : .nan
      case .affine(let intercept, let slope):
        return intercept + slope * x
      }
    }
  }

  /// The line colours, assigned in series order and repeated after eight.
  ///
  /// These are the eight colours of the Okabe–Ito palette, which stay
  /// distinct under the common forms of colour-vision deficiency,
  /// reordered so that the low-contrast yellow comes last.
  public static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7",
    "#E69F00", "#56B4E9", "#000000", "#F0E442",
  ]

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xScale: Scale
  public var yScale: Scale
  /// The x axis range; nil derives it from the data.
  public var xRange: ClosedRange<Double>?
  /// The y axis range; nil derives it from the data.
  public var yRange: ClosedRange<Double>?
  public var series: [Series]
  public var referenceLines: [ReferenceLine]
  /// The document width in SVG user units (CSS pixels).
  public var width: Double
  /// The document height in SVG user units (CSS pixels).
  public var height: Double

  /// Creates a chart. Without a fixed range, a linear axis spans the
  /// drawable data with 5 % padding each side and a logarithmic axis spans
  /// the whole decades around it.
  ///
  /// - Precondition: each fixed range is finite with
  ///   `lowerBound < upperBound`, and positive on a logarithmic axis.
  ///   `width` ≥ 320 and `height` ≥ 200, which leaves room for the labels.
  public init(
    title: String, xLabel: String, yLabel: String,
    xScale: Scale = .linear, yScale: Scale = .linear,
    xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
    series: [Series] = [], referenceLines: [ReferenceLine] = [],
    width: Double = 720, height: Double = 440
  ) {
    precondition(
      width >= 320 && height >= 200,
      "chart size \(width)×\(height) is below the minimum 320×200")
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.xRange = xRange
    self.yRange = yRange
    self.series = series
    self.referenceLines = referenceLines
    self.width = width
    self.height = height
  }

  /// Renders the chart as an SVG 1.1 document in UTF-8 text.
  ///
  /// The document has a `viewBox`, a `<title>` unless the title is empty,
  /// and `class` attributes that name its parts: `plot-area` on the frame,
  /// `series` on each series' group, and `reference-line` and `legend`
  /// groups. Inside a series group each drawn segment is a `polyline`,
  /// except that a segment of one point is a `lone-point` circle.
  public func svg() -> String {
    // Settle the axes from the points that both axes can draw.
    let drawablePoints = series.flatMap(\.points).filter {
      ChartAxis.isDrawable($0.x, on: xScale)
        && ChartAxis.isDrawable($0.y, on: yScale)
    }
    let xAxis = ChartAxis(
      scale: xScale, fixedRange: xRange, dataValues: drawablePoints.map(\.x))
    let yAxis = ChartAxis(
      scale: yScale, fixedRange: yRange, dataValues: drawablePoints.map(\.y))

    // Trace every line in axis fractions, clipped to the plot area.
    let seriesPieces = series.map { trace($0.points, xAxis, yAxis) }
    let referencePieces = referenceLines.map { trace($0, xAxis, yAxis) }

    // Lay out the frame, the tick labels and the legend.
    let entries = legendEntries(
      seriesPieces: seriesPieces, referencePieces: referencePieces,
      xAxis: xAxis, yAxis: yAxis)
    let layout = ChartLayout(
      width: width, height: height, hasTitle: !title.isEmpty, xAxis: xAxis,
      yAxis: yAxis, legend: entries)

    // Draw back to front: grid, reference lines, data, frame, text.
    var document = SVGDocument(width: width, height: height, title: title)
    document.drawGrid(layout)
    for (index, line) in referenceLines.enumerated() {
      document.drawReferenceLine(
        line, pieces: referencePieces[index], layout.plot,
        color: referenceColor(line.paletteIndex))
    }
    for (index, line) in series.enumerated() {
      document.drawSeries(
        line, pieces: seriesPieces[index],
        markers: line.showsMarkers
          ? markerFractions(line.points, xAxis, yAxis) : [],
        layout.plot, color: color(line.paletteIndex ?? index))
    }
    document.drawAxes(layout, xLabel: xLabel, yLabel: yLabel, title: title)
    if drawablePoints.isEmpty {
      document.drawNote("no data", layout.plot)
    }
    document.drawLegend(entries, layout)
    return document.finished()
  }

  /// Returns the legend rows: each series, marked "(no data)" without
  /// drawable points or "(outside the axes)" when nothing of it is in
  /// range, then each reference line.
  private func legendEntries(
    seriesPieces: [[[FractionPoint]]], referencePieces: [[[FractionPoint]]],
    xAxis: ChartAxis, yAxis: ChartAxis
  ) -> [LegendEntry] {
    var entries: [LegendEntry] = []
    for (index, line) in series.enumerated() {
      let hasData = line.points.contains {
        xAxis.isDrawable($0.x) && yAxis.isDrawable($0.y)
      }
      var label = line.name
      if !hasData {
        label += " (no data)"
      } else if seriesPieces[index].isEmpty {
        label += " (outside the axes)"
      }
      entries.append(
        LegendEntry(
          label: label, color: color(line.paletteIndex ?? index),
          style: line.style, showsMarker: line.showsMarkers))
    }
    for (index, line) in referenceLines.enumerated() {
      let outside = referencePieces[index].isEmpty
      entries.append(
        LegendEntry(
          label: line.label + (outside ? " (outside the axes)" : ""),
          color: referenceColor(line.paletteIndex), style: line.style,
          showsMarker: false))
    }
    return entries
  }

  /// Returns the colour of palette slot `index`, wrapping around.
  private func color(_ index: Int) -> String {
    LineChart.palette[index % LineChart.palette.count]
  }

  private func referenceColor(_ index: Int?) -> String {
    index.map(color) ?? "#555555"
  }

  /// Returns the drawn pieces of `points` in axis fractions: the runs
  /// between undrawable points, each clipped to the unit square.
  private func trace(
    _ points: [Point], _ xAxis: ChartAxis, _ yAxis: ChartAxis
  ) -> [[FractionPoint]] {
    var pieces: [[FractionPoint]] = []
    var run: [FractionPoint] = []
    for point in points {
      if let x = xAxis.fraction(of: point.x),
        let y = yAxis.fraction(of: point.y)
      {
        run.append(FractionPoint(x: x, y: y))
      } else {
        pieces += clip(run)
        run = []
      }
    }
    return pieces + clip(run)
  }

  /// Returns the drawn pieces of `line`, sampled across the x axis: two
  /// samples where the line is straight on these axes, 256 otherwise.
  private func trace(
    _ line: ReferenceLine, _ xAxis: ChartAxis, _ yAxis: ChartAxis
  ) -> [[FractionPoint]] {
    let isStraight: Bool
    switch line.form {
    case .powerLaw:
      isStraight = xScale == .logarithmic && yScale == .logarithmic
    case .affine: isStraight = xScale == .linear && yScale == .linear
    }
    let sampleCount = isStraight ? 2 : 256
    let points = (0..<sampleCount).map { index in
      let x = xAxis.value(
        atFraction: Double(index) / Double(sampleCount - 1))
      return Point(x: x, y: line.value(at: x))
    }
    return trace(points, xAxis, yAxis)
  }

  /// Returns the axis fractions of the drawable points inside the plot.
  private func markerFractions(
    _ points: [Point], _ xAxis: ChartAxis, _ yAxis: ChartAxis
  ) -> [FractionPoint] {
    points.compactMap { point in
      guard let x = xAxis.fraction(of: point.x),
        let y = yAxis.fraction(of: point.y)
      else { return nil }
      let marker = FractionPoint(x: x, y: y)
      return marker.isInsideUnitSquare ? marker : nil
    }
  }
}

/// Font sizes in SVG user units.
private enum FontSize {
  static let title = 16.0
  static let axisLabel = 14.0
  static let tick = 13.0
  static let exponent = 10.0
  static let legend = 13.0
}

/// One row of the legend.
private struct LegendEntry {
  var label: String
  var color: String
  var style: LineChart.LineStyle
  var showsMarker: Bool

  var estimatedTextWidth: Double {
    Double(label.count) * 0.6 * FontSize.legend
  }
}

/// A rectangle in SVG user units, with y growing downwards.
private struct Frame {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  /// Returns the SVG position of a point given in axis fractions.
  func position(of point: FractionPoint) -> (x: Double, y: Double) {
    (x + point.x * width, y + (1 - point.y) * height)
  }
}

/// The positions of the chart's parts, worked out from estimated text
/// widths.
private struct ChartLayout {
  static let margin = 12.0
  static let tickLength = 6.0
  static let legendRowHeight = 20.0
  static let swatchLength = 28.0

  let plot: Frame
  let xAxis: ChartAxis
  let yAxis: ChartAxis
  let xTicks: [AxisTick]
  let yTicks: [AxisTick]
  let titleBaseline: Double
  /// The baseline of the x tick labels, below the plot.
  let xTickBaseline: Double
  let xLabelBaseline: Double
  /// The baseline of the rotated y axis label, left of the tick labels.
  let yLabelBaseline: Double
  /// The legend box, nil without entries.
  let legendBox: Frame?
  let legendColumns: Int
  let legendColumnWidth: Double

  init(
    width: Double, height: Double, hasTitle: Bool, xAxis: ChartAxis,
    yAxis: ChartAxis, legend: [LegendEntry]
  ) {
    self.xAxis = xAxis
    self.yAxis = yAxis
    xTicks = xAxis.ticks()
    yTicks = yAxis.ticks()
    let margin = ChartLayout.margin
    let tickSpace = ChartLayout.tickLength + 4

    // Vertical bands: title, plot, x tick labels, x axis label.
    titleBaseline = margin + FontSize.title
    let top = hasTitle ? titleBaseline + 16 : margin + 8
    let hasExponent = xTicks.contains { $0.label?.exponent != nil }
    let tickBaselineOffset = tickSpace + FontSize.tick + (hasExponent ? 4 : 0)
    let xLabelOffset = tickBaselineOffset + 8 + FontSize.axisLabel + 4
    var bottomMargin = xLabelOffset + 4 + margin

    // Horizontal bands: y axis label, y tick labels, plot, legend.
    let yTickWidth =
      yTicks.compactMap {
        $0.label?.estimatedWidth(
          fontSize: FontSize.tick, exponentSize: FontSize.exponent)
      }.max() ?? 0
    yLabelBaseline = margin + FontSize.axisLabel
    let left = yLabelBaseline + 10 + yTickWidth + tickSpace
    var right = width - 3 * margin

    // The legend goes right of the plot when it is narrow enough and fits
    // the height, otherwise below the x axis label in columns.
    let textWidth = legend.map(\.estimatedTextWidth).max() ?? 0
    let columnWidth = ChartLayout.swatchLength + 8 + textWidth + 14
    let rightBoxHeight =
      Double(legend.count) * ChartLayout.legendRowHeight + 8
    let availableHeight = height - top - bottomMargin
    var box: Frame?
    var columns = 1
    if legend.isEmpty {
      box = nil
    } else if columnWidth + 8 <= 0.3 * width
      && rightBoxHeight <= availableHeight
    {
      let rightBox = Frame(
        x: width - margin - columnWidth - 8, y: top,
        width: columnWidth + 8, height: rightBoxHeight)
      box = rightBox
      right = rightBox.x - 2 * margin
    } else {
      let fitting = Int((width - 2 * margin - 8) / columnWidth)
      columns = min(legend.count, max(1, fitting))
      let rows = (legend.count + columns - 1) / columns
      let boxWidth = Double(columns) * columnWidth + 8
      let boxHeight = Double(rows) * ChartLayout.legendRowHeight + 8
      box = Frame(
        x: max(margin, (width - boxWidth) / 2),
        y: height - margin - boxHeight, width: boxWidth, height: boxHeight)
      bottomMargin += boxHeight + 8
    }
    legendBox = box
    legendColumns = columns
    legendColumnWidth = columnWidth

    let bottom = height - bottomMargin
    plot = Frame(
      x: left, y: top, width: max(right - left, 1),
      height: max(bottom - top, 1))
    xTickBaseline = bottom + tickBaselineOffset
    xLabelBaseline = bottom + xLabelOffset
  }

  /// Returns the SVG x coordinate of a tick on the x axis.
  func xPosition(of tick: AxisTick) -> Double {
    plot.x + xAxis.fraction(ofLocation: tick.location) * plot.width
  }

  /// Returns the SVG y coordinate of a tick on the y axis.
  func yPosition(of tick: AxisTick) -> Double {
    plot.y + (1 - yAxis.fraction(ofLocation: tick.location)) * plot.height
  }
}

/// An SVG document built element by element, with every text and
/// attribute value escaped for XML.
private struct SVGDocument {
  private var lines: [String] = []

  init(width: Double, height: Double, title: String) {
    let size = (ChartNumber.coordinate(width), ChartNumber.coordinate(height))
    lines.append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
    lines.append(
      SVGDocument.startTag(
        "svg",
        [
          ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
          ("width", size.0), ("height", size.1),
          ("viewBox", "0 0 \(size.0) \(size.1)"),
          ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
          ("font-size", ChartNumber.coordinate(FontSize.tick)),
        ]))
    if !title.isEmpty {
      lines.append(SVGDocument.element("title", text: title))
    }
    add("rect", [("width", size.0), ("height", size.1), ("fill", "#FFFFFF")])
  }

  /// Returns the document, closed, with a final newline.
  func finished() -> String {
    (lines + ["</svg>"]).joined(separator: "\n") + "\n"
  }

  // MARK: Chart parts

  /// Draws light grid lines at the labelled ticks and lighter ones at the
  /// minor ticks.
  mutating func drawGrid(_ layout: ChartLayout) {
    let plot = layout.plot
    for minor in [true, false] {
      var path = ""
      for tick in layout.xTicks where (tick.label == nil) == minor {
        let x = layout.xPosition(of: tick)
        path += "M\(number(x)) \(number(plot.y))v\(number(plot.height))"
      }
      for tick in layout.yTicks where (tick.label == nil) == minor {
        let y = layout.yPosition(of: tick)
        path += "M\(number(plot.x)) \(number(y))h\(number(plot.width))"
      }
      guard !path.isEmpty else { continue }
      add(
        "path",
        [
          ("class", minor ? "minor-grid" : "grid"), ("d", path),
          ("stroke", minor ? "#F0F0F0" : "#DDDDDD"), ("stroke-width", "1"),
          ("fill", "none"),
        ])
    }
  }

  mutating func drawReferenceLine(
    _ line: LineChart.ReferenceLine, pieces: [[FractionPoint]], _ plot: Frame,
    color: String
  ) {
    open(
      "g",
      [
        ("class", "reference-line"), ("fill", "none"), ("stroke", color),
        ("stroke-width", "1.5"),
      ] + SVGDocument.dashAttributes(line.style))
    lines.append(SVGDocument.element("title", text: line.label))
    drawPieces(pieces, plot, color: color, drawsLonePoints: true)
    close("g")
  }

  mutating func drawSeries(
    _ series: LineChart.Series, pieces: [[FractionPoint]],
    markers: [FractionPoint], _ plot: Frame, color: String
  ) {
    open(
      "g",
      [
        ("class", "series"), ("fill", "none"), ("stroke", color),
        ("stroke-width", "2"), ("stroke-linejoin", "round"),
      ]
        + SVGDocument.dashAttributes(series.style))
    lines.append(SVGDocument.element("title", text: series.name))
    drawPieces(pieces, plot, color: color, drawsLonePoints: markers.isEmpty)
    for marker in markers {
      let (x, y) = plot.position(of: marker)
      add(
        "circle",
        [
          ("class", "marker"), ("cx", number(x)), ("cy", number(y)),
          ("r", "3.5"), ("fill", color), ("stroke", "#FFFFFF"),
          ("stroke-width", "1"), ("stroke-dasharray", "none"),
        ])
    }
    close("g")
  }

  /// Draws each piece as a polyline, and a one-point piece as a dot when
  /// `drawsLonePoints` is set, since a one-point polyline is invisible.
  private mutating func drawPieces(
    _ pieces: [[FractionPoint]], _ plot: Frame, color: String,
    drawsLonePoints: Bool
  ) {
    for piece in pieces {
      if piece.count == 1 {
        guard drawsLonePoints else { continue }
        let (x, y) = plot.position(of: piece[0])
        add(
          "circle",
          [
            ("class", "lone-point"), ("cx", number(x)), ("cy", number(y)),
            ("r", "2.5"), ("fill", color), ("stroke", "none"),
          ])
        continue
      }
      let coordinates = piece.map { point in
        let (x, y) = plot.position(of: point)
        return number(x) + "," + number(y)
      }
      add("polyline", [("points", coordinates.joined(separator: " "))])
    }
  }

  /// Draws the frame, the ticks, their labels, the axis labels and the
  /// title.
  mutating func drawAxes(
    _ layout: ChartLayout, xLabel: String, yLabel: String, title: String
  ) {
    let plot = layout.plot
    add(
      "rect",
      [
        ("class", "plot-area"), ("x", number(plot.x)), ("y", number(plot.y)),
        ("width", number(plot.width)), ("height", number(plot.height)),
        ("fill", "none"), ("stroke", "#333333"), ("stroke-width", "1"),
      ])

    // Ticks point outwards, so they never cover data.
    var path = ""
    for tick in layout.xTicks {
      let x = layout.xPosition(of: tick)
      let length =
        tick.label == nil ? ChartLayout.tickLength / 2 : ChartLayout.tickLength
      path += "M\(number(x)) \(number(plot.y + plot.height))v\(number(length))"
    }
    for tick in layout.yTicks {
      let y = layout.yPosition(of: tick)
      let length =
        tick.label == nil ? ChartLayout.tickLength / 2 : ChartLayout.tickLength
      path += "M\(number(plot.x)) \(number(y))h\(number(-length))"
    }
    if !path.isEmpty {
      add(
        "path",
        [
          ("class", "ticks"), ("d", path), ("stroke", "#333333"),
          ("stroke-width", "1"), ("fill", "none"),
        ])
    }

    // Tick labels: centred below x ticks, right-aligned left of y ticks.
    open("g", [("class", "tick-labels"), ("fill", "#222222")])
    for tick in layout.xTicks {
      guard let label = tick.label else { continue }
      let x = layout.xPosition(of: tick)
      addLabel(label, x: x, y: layout.xTickBaseline, anchor: "middle")
    }
    for tick in layout.yTicks {
      guard let label = tick.label else { continue }
      let y = layout.yPosition(of: tick)
      // 0.35 em below the tick centres the digits on it.
      addLabel(
        label, x: plot.x - ChartLayout.tickLength - 4,
        y: y + 0.35 * FontSize.tick, anchor: "end")
    }
    close("g")

    // Axis labels and title.
    let centreX = plot.x + plot.width / 2
    let centreY = plot.y + plot.height / 2
    add(
      "text",
      [
        ("class", "x-label"), ("x", number(centreX)),
        ("y", number(layout.xLabelBaseline)), ("text-anchor", "middle"),
        ("font-size", number(FontSize.axisLabel)),
      ],
      text: xLabel)
    let yLabelX = number(layout.yLabelBaseline)
    add(
      "text",
      [
        ("class", "y-label"), ("x", yLabelX), ("y", number(centreY)),
        ("text-anchor", "middle"), ("font-size", number(FontSize.axisLabel)),
        ("transform", "rotate(-90 \(yLabelX) \(number(centreY)))"),
      ],
      text: yLabel)
    if !title.isEmpty {
      add(
        "text",
        [
          ("class", "title"), ("x", number(centreX)),
          ("y", number(layout.titleBaseline)), ("text-anchor", "middle"),
          ("font-size", number(FontSize.title)), ("font-weight", "bold"),
        ],
        text: title)
    }
  }

  /// Writes `note` in grey at the centre of the plot area.
  mutating func drawNote(_ note: String, _ plot: Frame) {
    add(
      "text",
      [
        ("class", "note"), ("x", number(plot.x + plot.width / 2)),
        ("y", number(plot.y + plot.height / 2)), ("text-anchor", "middle"),
        ("font-size", number(FontSize.axisLabel)), ("fill", "#666666"),
      ],
      text: note)
  }

  mutating func drawLegend(_ entries: [LegendEntry], _ layout: ChartLayout) {
    guard let box = layout.legendBox else { return }
    open("g", [("class", "legend"), ("font-size", number(FontSize.legend))])
    add(
      "rect",
      [
        ("x", number(box.x)), ("y", number(box.y)),
        ("width", number(box.width)),
        ("height", number(box.height)), ("fill", "#FFFFFF"),
        ("stroke", "#BBBBBB"), ("stroke-width", "1"),
      ])
    for (index, entry) in entries.enumerated() {
      // Fill the columns row by row.
      let column = Double(index % layout.legendColumns)
      let row = Double(index / layout.legendColumns)
      let left = box.x + 8 + column * layout.legendColumnWidth
      let centre = box.y + 4 + (row + 0.5) * ChartLayout.legendRowHeight
      add(
        "line",
        [
          ("x1", number(left)), ("y1", number(centre)),
          ("x2", number(left + ChartLayout.swatchLength)),
          ("y2", number(centre)),
          ("stroke", entry.color), ("stroke-width", "2"),
        ]
          + SVGDocument.dashAttributes(entry.style))
      if entry.showsMarker {
        add(
          "circle",
          [
            ("cx", number(left + ChartLayout.swatchLength / 2)),
            ("cy", number(centre)), ("r", "3.5"), ("fill", entry.color),
            ("stroke", "#FFFFFF"), ("stroke-width", "1"),
          ])
      }
      add(
        "text",
        [
          ("x", number(left + ChartLayout.swatchLength + 8)),
          ("y", number(centre + 0.35 * FontSize.legend)), ("fill", "#222222"),
        ],
        text: entry.label)
    }
    close("g")
  }

  /// Writes a tick label, with its exponent raised and smaller.
  private mutating func addLabel(
    _ label: TickLabel, x: Double, y: Double, anchor: String
  ) {
    var content = SVGDocument.escaped(label.mantissa)
    if let exponent = label.exponent {
      // A dy shift rather than baseline-shift, because renderers support
      // baseline-shift unevenly (Firefox lacked it in 2019). Nothing
      // follows the exponent, so the shift never needs undoing.
      content += SVGDocument.startTag(
        "tspan",
        [
          ("dy", number(-0.45 * FontSize.tick)),
          ("font-size", number(FontSize.exponent)),
        ])
      content += SVGDocument.escaped(exponent) + "</tspan>"
    }
    lines.append(
      SVGDocument.startTag(
        "text", [("x", number(x)), ("y", number(y)), ("text-anchor", anchor)])
        + content + "</text>")
  }

  // MARK: Elements

  private static func dashAttributes(_ style: LineChart.LineStyle)
    -> [(String, String)]
  {
    switch style {
    case .solid: return []
    case .dashed: return [("stroke-dasharray", "8 5")]
    case .dotted:
      return [("stroke-dasharray", "1 4"), ("stroke-linecap", "round")]
    }
  }

  private mutating func add(
    _ name: String, _ attributes: [(String, String)], text: String? = nil
  ) {
    lines.append(SVGDocument.element(name, attributes, text: text))
  }

  private mutating func open(_ name: String, _ attributes: [(String, String)]) {
    lines.append(SVGDocument.startTag(name, attributes))
  }

  private mutating func close(_ name: String) {
    lines.append("</\(name)>")
  }

  private func number(_ value: Double) -> String {
    ChartNumber.coordinate(value)
  }

  private static func startTag(
    _ name: String, _ attributes: [(String, String)]
  ) -> String {
    let written = attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }
    return "<\(name)" + written.joined() + ">"
  }

  /// Returns an element with escaped `text` as content, or an empty-element
  /// tag without it.
  private static func element(
    _ name: String, _ attributes: [(String, String)] = [], text: String? = nil
  ) -> String {
    let start = startTag(name, attributes)
    guard let text else { return start.dropLast() + "/>" }
    return start + escaped(text) + "</\(name)>"
  }

  /// Returns `text` escaped for XML content and attribute values.
  ///
  /// Characters that XML 1.0 forbids become U+FFFD: the controls below
  /// U+0020 other than tab, line feed and carriage return, and U+FFFE and
  /// U+FFFF.
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      default:
        let forbidden =
          scalar.value < 0x20 || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
        result.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
      }
    }
    return result
  }
}
