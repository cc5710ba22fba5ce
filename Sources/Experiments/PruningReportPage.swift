import NeuralNetwork
import Pruning
import Reporting

extension PruningReport {
  /// Returns the Markdown page: how it was made, the findings, the tables
  /// and the plots.
  ///
  /// Introduces a classifier by its test accuracy, any other network
  /// by its test loss, named after the data's loss.
  static func markdown(_ outcome: SweepOutcome, names: PruningReportNames)
    -> String
  {
    let settings = outcome.settings
    var sections: [String] = []
    let ratios = settings.ratios.map { "\($0)" }.joined(separator: ", ")
    let noun = outcome.reportsAccuracy ? "classifier" : "network"
    let reference =
      outcome.reportsAccuracy
      ? "test accuracy " + percent(outcome.unpruned.accuracy ?? .nan)
      : "test \(outcome.loss.reportName) "
        + NumberFormat.significant(outcome.unpruned.meanLoss, digits: 4)
    sections.append(
      """
      # \(names.title)

      The \(outcome.architecture) \(noun) (\(outcome.dataset.name),
      \(reference) unpruned) pruned with every
      criterion at ratios \(ratios), with global and per-layer selection,
      evaluated on the \(outcome.dataset.testSampleCount) test samples as
      pruned and after fine-tuning. The Taylor criteria measure the
      \(settings.response.rawValue) response on \(settings.scoringSampleCount)
      training samples drawn with seed \(settings.seed). Fine-tuning runs
      Adam at learning rate \(settings.fineTuneLearningRate), batch
      \(settings.batchSize), with removed weights held at zero. The
      random criterion is one draw from seed \(settings.seed), from a
      random stream of its own; another draw gives other numbers. Regenerate with `\(names.regenerateCommand)`.
      """)
    if let coverage = outcome.nonlinearCoverage {
      sections.append(
        "The nonlinear baseline, nonlinear-compensation, removes each "
          + "weight with the true compensation and ranks by the true "
          + "importance, from the verifier's ground truth of the output "
          + "response: \(coverage.summary).")
    }
    sections.append(PruningFindings.text(outcome))
    if !outcome.zeroSensitivityUnits.isEmpty {
      let counts = outcome.zeroSensitivityUnits.enumerated().map {
        "\($1) in layer \($0)"
      }.joined(separator: ", ")
      sections.append(
        "Units with zero sensitivity on the scoring samples (no influence "
          + "on the \(settings.response.rawValue); compensation and "
          + "importance 0 for all their weights): " + counts + ".")
    }
    for (scope, epochs) in panels(settings) {
      sections.append(
        panel(outcome, scope: scope, epochs: epochs, names: names))
    }
    sections.append(layerFractions(outcome))
    if !outcome.responseRows.isEmpty {
      sections.append(responseComparison(outcome))
    }
    let versions = SoftwareVersions.all.map { "\($0.0) \($0.1)" }
      .joined(separator: "; ")
    sections.append("Software: \(versions).")
    return sections.joined(separator: "\n\n") + "\n"
  }

  /// Tables of accuracy (for classes) and loss for one scope and budget,
  /// with plots.
  static func panel(
    _ outcome: SweepOutcome, scope: SelectionScope, epochs: Int,
    names: PruningReportNames
  ) -> String {
    let criteria = outcome.settings.criteria
    var accuracy = Table(columns: ["ratio"] + criteria.map(\.rawValue))
    var loss = Table(columns: ["ratio"] + criteria.map(\.rawValue))
    for ratio in outcome.settings.ratios {
      let rows = criteria.map { criterion in
        outcome.rows.first {
          $0.criterion == criterion && $0.scope == scope
            && $0.fineTuneEpochs == epochs && $0.ratio == ratio
        }
      }
      accuracy.append(
        ["\(ratio)"]
          + rows.map { $0.map { percent($0.testAccuracy ?? .nan) } ?? "" })
      loss.append(
        ["\(ratio)"]
          + rows.map {
            $0.map { NumberFormat.significant($0.testLoss, digits: 4) } ?? ""
          })
    }
    let tuning =
      epochs == 0 ? "no fine-tuning" : "\(epochs) epoch of fine-tuning"
    let lossPlot = plotName(.loss, scope: scope, epochs: epochs, names: names)
    var text = "## \(scope.rawValue.capitalized) scope, \(tuning)\n\n"
    if outcome.reportsAccuracy {
      text += "Test accuracy:\n\n" + accuracy.markdown() + "\n"
    }
    text +=
      "Test loss (\(outcome.loss.reportName)):\n\n" + loss.markdown()
      + "\n"
    if outcome.reportsAccuracy {
      let accuracyPlot = plotName(
        .accuracy, scope: scope, epochs: epochs, names: names)
      text += "![test accuracy](\(accuracyPlot))\n"
    }
    return text + "![test loss](\(lossPlot))"
  }

  /// Returns the removed fraction of each layer under global selection.
  static func layerFractions(_ outcome: SweepOutcome) -> String {
    let layerCount = outcome.rows.first?.removedFractions.count ?? 0
    var table = Table(
      columns: ["criterion", "ratio"] + (0..<layerCount).map { "layer \($0)" })
    let shown = outcome.settings.ratios.filter { $0 >= 0.5 }
    for criterion in outcome.settings.criteria {
      for ratio in shown {
        guard
          let row = outcome.rows.first(where: {
            $0.criterion == criterion && $0.scope == .global
              && $0.ratio == ratio && $0.fineTuneEpochs == 0
          })
        else { continue }
        table.append(
          [criterion.rawValue, "\(ratio)"]
            + row.removedFractions.map { percent($0) })
      }
    }
    return """
      ## Removed fraction per layer, global scope

      Per-layer selection removes the ratio from each layer; global
      selection lets the criterion choose where.

      \(table.markdown())
      """
  }

  /// Test accuracy (for classes) or test loss of the Taylor criteria
  /// under each response the data allows, without fine-tuning.
  static func responseComparison(_ outcome: SweepOutcome) -> String {
    let responses = PruningSweep.comparedResponses(for: outcome.loss)
    let pairs = [Criterion.eliminationCompensation, .elimination].flatMap {
      criterion in responses.map { (criterion, $0) }
    }.filter { pair in
      outcome.responseRows.contains { $0.criterion == pair.0 }
    }
    func figure(_ row: ResponseRow) -> String {
      outcome.reportsAccuracy
        ? percent(row.testAccuracy ?? .nan)
        : NumberFormat.significant(row.testLoss, digits: 4)
    }
    var sections: [String] = []
    for scope in outcome.settings.scopes {
      var table = Table(
        columns: ["ratio"]
          + pairs.map { "\($0.0.rawValue), \($0.1.rawValue)" })
      for ratio in outcome.settings.ratios where ratio > 0 {
        table.append(
          ["\(ratio)"]
            + pairs.map { pair in
              outcome.responseRows.first {
                $0.criterion == pair.0 && $0.response == pair.1
                  && $0.scope == scope && $0.ratio == ratio
              }.map(figure) ?? ""
            })
      }
      sections.append(
        "\(scope.rawValue.capitalized) scope:\n\n" + table.markdown())
    }
    let introduction =
      outcome.reportsAccuracy
      ? """
      Test accuracy without fine-tuning when the Taylor criteria measure
      the change of the logits (output), of the softmax probabilities, or
      of the per-sample loss.
      """
      : """
      Test \(outcome.loss.reportName) without fine-tuning when the Taylor
      criteria measure the change of the network output or of the
      per-sample loss (the probabilities response is for classifiers).
      """
    return """
      ## Which response to keep unchanged

      \(introduction) The sweep above uses
      \(outcome.settings.response.rawValue).


      """ + sections.joined(separator: "\n")
  }

  public static func percent(_ value: Double) -> String {
    NumberFormat.fixed(100 * value, decimals: 2) + " %"
  }
}
