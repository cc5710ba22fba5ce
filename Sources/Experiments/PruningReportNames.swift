/// The title and file names of one pruning report, so that several
/// sweeps (one per noise level, say) can be written side by side.
///
/// The defaults give the names of `Reports/pruning`.
public struct PruningReportNames: Sendable, Equatable {
  /// The heading of the Markdown page.
  public var title: String
  /// The start of the page's, the table's and the metadata's file names:
  /// `<filePrefix>.md`, `<filePrefix>.csv` and `<filePrefix>.json`.
  public var filePrefix: String
  /// The text in front of each plot's file name, such as
  /// `loss-global-finetune0.svg`. It is empty by default. Set it when
  /// several reports share one folder.
  public var plotPrefix: String
  /// The command the page names for regenerating it.
  public var regenerateCommand: String

  /// Creates the names.
  ///
  /// - Precondition: `filePrefix` is not empty.
  public init(
    title: String = "Pruning sweep", filePrefix: String = "pruning",
    plotPrefix: String = "", regenerateCommand: String = "make report"
  ) {
    precondition(!filePrefix.isEmpty, "a report needs a file prefix")
    self.title = title
    self.filePrefix = filePrefix
    self.plotPrefix = plotPrefix
    self.regenerateCommand = regenerateCommand
  }

  /// The file names of the page, the table and the metadata.
  var markdownName: String { filePrefix + ".md" }
  var csvName: String { filePrefix + ".csv" }
  var jsonName: String { filePrefix + ".json" }
}
