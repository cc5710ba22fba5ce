/// A table of results: named columns and rows of cells, written as
/// Markdown for people and as CSV for machines.
public struct Table: Sendable, Equatable {
  /// The column names, which are also the CSV header.
  public let columns: [String]
  /// The rows, each with one cell per column.
  public private(set) var rows: [[String]] = []

  public init(columns: [String]) {
    self.columns = columns
  }

  /// Appends a row.
  ///
  /// - Precondition: `cells.count == columns.count`.
  public mutating func append(_ cells: [String]) {
    precondition(
      cells.count == columns.count,
      "\(cells.count) cells for \(columns.count) columns")
    rows.append(cells)
  }

  /// Returns the table in GitHub-flavoured Markdown, with `|` in cells
  /// escaped.
  public func markdown() -> String {
    func line(_ cells: [String]) -> String {
      "| "
        + cells.map { $0.replacingAll("|", with: "\\|") }
        .joined(separator: " | ") + " |"
    }
    var lines = [line(columns)]
    lines.append("|" + String(repeating: " --- |", count: columns.count))
    lines += rows.map(line)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Returns the table as CSV (RFC 4180): a header row, then the rows,
  /// with cells quoted when they contain a comma, a quote or a line break.
  public func csv() -> String {
    func field(_ cell: String) -> String {
      let needsQuotes = cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" }
      guard needsQuotes else { return cell }
      return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }
    return ([columns] + rows)
      .map { $0.map(field).joined(separator: ",") }
      .joined(separator: "\n") + "\n"
  }
}

extension String {
  /// Returns the string with every `target` character replaced.
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self {
      if character == target {
        result += replacement
      } else {
        result.append(character)
      }
    }
    return result
  }
}

/// Formats numbers for tables and reports.
public enum NumberFormat {
  /// Returns `value` with `digits` significant digits, in plain notation
  /// between 1e-3 and 1e6 and in scientific notation outside.
  public static func significant(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite else {
      return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf")
    }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    let format =
      magnitude >= 1e-3 && magnitude < 1e6 ? "%.\(digits)g" : "%.\(digits - 1)e"
    return formatted(format, value)
  }

  /// Returns `value` with exactly `decimals` digits after the point.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    formatted("%.\(decimals)f", value)
  }

  private static func formatted(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { arguments in
      vsnprintf(&buffer, buffer.count, format, arguments)
    }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
