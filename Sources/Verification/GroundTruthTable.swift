import Dispatch
import NeuralNetwork
import Synchronization

/// The ground truth for many weights of a network at once, shaped like the
/// weights.
public struct GroundTruthTable: Sendable {
  /// β_true per weight, per layer; NaN where the weight was not solved.
  public let compensation: [Matrix]
  /// E(β_true) per weight; NaN where not solved.
  public let importance: [Matrix]
  /// E(0) per weight; NaN where not solved.
  public let uncompensated: [Matrix]
  /// Whether each weight was solved (selected and converged).
  public let solved: [[Bool]]
  /// The selected weights whose solve failed, with the reason, in layer,
  /// row, column order.
  public let failures: [GroundTruthError]
  /// The batched evaluations of E, E′ and E″ summed over the solved
  /// weights (one per weight per round).
  public let evaluations: Int
  /// How many weights were solved.
  public let solvedCount: Int
  /// The removal fraction ε.
  public let removal: Double
}

/// Computes the ground truth for every weight of a network, or a chosen
/// set, using all cores.
public enum GroundTruth {
  /// The maximum number of rows (query × sample pairs) in one batched
  /// evaluation. With 100 units and three blocks a buffer is about 40 MB,
  /// and each thread keeps two.
  static let rowBudget = 16_384

  /// Solves β_true = argmin E(β), E(β_true) and E(0) for the selected
  /// weights of `objective`'s network (every weight when `weights` is
  /// nil).
  ///
  /// Units are shared out over the cores; within a unit the weights are
  /// solved in batches that share each evaluation of the layers above.
  /// OpenBLAS runs single-threaded meanwhile (and is restored after), so
  /// each unit's arithmetic is the same whatever the number of cores and
  /// the result is the same bytes.
  ///
  /// - Parameters:
  ///   - weights: the weights to solve, or nil for all.
  ///   - maximumRounds: the Newton rounds a weight may take before it is
  ///     reported in `failures` (the run goes on with the others).
  ///   - progress: called after each unit with the weights done and the
  ///     total, from any thread.
  public static func solve(
    _ objective: TrueObjective, removal: Double = 1,
    weights: [WeightIndex]? = nil,
    maximumRounds: Int = BatchedCompensationSolver.maximumRounds,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> GroundTruthTable {
    let network = objective.network
    // Columns to solve, per unit, in ascending order.
    var unitColumns: [[[Int]]] = network.layers.map { layer in
      [[Int]](repeating: [], count: layer.unitCount)
    }
    if let weights {
      let ordered = Set(weights).sorted {
        ($0.layer, $0.row, $0.column) < ($1.layer, $1.row, $1.column)
      }
      for weight in ordered {
        unitColumns[weight.layer][weight.row].append(weight.column)
      }
    } else {
      for (index, layer) in network.layers.enumerated() {
        let all = Array(0..<layer.inputCount)
        unitColumns[index] = [[Int]](repeating: all, count: layer.unitCount)
      }
    }
    var units: [(layer: Int, row: Int)] = []
    for (layer, rows) in unitColumns.enumerated() {
      for (row, columns) in rows.enumerated() where !columns.isEmpty {
        units.append((layer, row))
      }
    }
    let total = units.reduce(0) { $0 + unitColumns[$1.layer][$1.row].count }
    let batch = max(1, rowBudget / max(1, objective.inputs.rows))

    let slots = Mutex(
      [[Result<TrueCompensation, GroundTruthError>]?](
        repeating: nil, count: units.count))
    let done = Mutex(0)
    let work = units
    let columnsOfUnit = unitColumns
    let threads = LinearAlgebra.threadCount
    LinearAlgebra.setThreadCount(1)
    DispatchQueue.concurrentPerform(iterations: units.count) { index in
      let (layer, row) = work[index]
      let columns = columnsOfUnit[layer][row]
      let unit = UnitObjective(objective, layer: layer, row: row)
      var unitResults: [Result<TrueCompensation, GroundTruthError>] = []
      var start = 0
      while start < columns.count {
        let end = min(start + batch, columns.count)
        unitResults += BatchedCompensationSolver.solve(
          unit, columns: Array(columns[start..<end]), removal: removal,
          maximumRounds: maximumRounds)
        start = end
      }
      slots.withLock { $0[index] = unitResults }
      let finished = done.withLock { count -> Int in
        count += columns.count
        return count
      }
      progress?(finished, total)
    }
    LinearAlgebra.setThreadCount(threads)

    var compensation = network.layers.map {
      Matrix(rows: $0.unitCount, columns: $0.inputCount, repeating: .nan)
    }
    var importance = compensation
    var uncompensated = compensation
    var solved = network.layers.map {
      [Bool](repeating: false, count: $0.unitCount * $0.inputCount)
    }
    var failures: [GroundTruthError] = []
    var evaluations = 0
    var solvedCount = 0
    let results = slots.withLock { $0 }
    for (index, unit) in units.enumerated() {
      let columns = unitColumns[unit.layer][unit.row]
      for (column, result) in zip(columns, results[index]!) {
        switch result {
        case .success(let truth):
          compensation[unit.layer][unit.row, column] = truth.compensation
          importance[unit.layer][unit.row, column] = truth.importance
          uncompensated[unit.layer][unit.row, column] = truth.uncompensated
          let columnsCount = network.layers[unit.layer].inputCount
          solved[unit.layer][unit.row * columnsCount + column] = true
          evaluations += truth.iterations
          solvedCount += 1
        case .failure(let error):
          failures.append(error)
        }
      }
    }
    return GroundTruthTable(
      compensation: compensation, importance: importance,
      uncompensated: uncompensated, solved: solved, failures: failures,
      evaluations: evaluations, solvedCount: solvedCount, removal: removal)
  }
}
