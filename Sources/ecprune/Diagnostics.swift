import NeuralNetwork
import Reporting

#if canImport(Glibc)
  import Glibc
#endif

/// The one path by which the tool writes errors and progress to stderr.
enum Diagnostics {
  /// Whether stderr is a terminal, so progress can redraw one line.
  static let isTerminal = isatty(STDERR_FILENO) == 1

  /// Prints `ecprune: error: <message>` on one line; control characters
  /// in the message (a newline inside a path, say) are written escaped.
  static func error(_ message: String) {
    var line = ""
    for scalar in message.unicodeScalars {
      switch scalar {
      case "\n": line += "\\n"
      case "\r": line += "\\r"
      case "\t": line += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          line += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          line.unicodeScalars.append(scalar)
        }
      }
    }
    write("ecprune: error: \(line)\n")
  }

  /// Prints a progress or status line.
  static func note(_ message: String) {
    write(message + "\n")
  }

  /// Writes `text` to file descriptor 2 unbuffered, so lines appear at
  /// once and in order with the tool's other output.
  static func write(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes {
        Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      bytes = bytes.dropFirst(written)
    }
  }
}

/// Shows training progress on stderr: one redrawn line on a terminal,
/// otherwise a line when each epoch ends.
final class TrainingProgressLine {
  private let epochs: Int
  private var lastDraw = ContinuousClock.now
  private var finishedEpoch = 0

  init(epochs: Int) { self.epochs = epochs }

  func update(_ progress: TrainingProgress) {
    let isEpochEnd = progress.batch == progress.batchCount
    let now = ContinuousClock.now
    let isDue = now - lastDraw >= .milliseconds(250)
    guard isEpochEnd || (Diagnostics.isTerminal && isDue) else { return }
    lastDraw = now
    let line =
      "epoch \(progress.epoch)/\(epochs)  batch \(progress.batch)/"
      + "\(progress.batchCount)  running loss "
      + NumberFormat.fixed(progress.runningLoss, decimals: 4) + "  "
      + NumberFormat.fixed(progress.samplesPerSecond, decimals: 0)
      + " samples/s"
    if Diagnostics.isTerminal {
      Diagnostics.write("\r\u{1B}[K" + line + (isEpochEnd ? "\n" : ""))
    } else if isEpochEnd {
      Diagnostics.note(line)
    }
  }
}
