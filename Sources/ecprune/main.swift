import Experiments
import FileIO
import Foundation
import GSL
import NeuralNetwork
import OptionParsing

#if canImport(Glibc)
  import Glibc
#endif

/// Returns the subcommands, in the order `ecprune --help` lists them.
func allCommands() -> [Subcommand] {
  [
    TrainCommand(), PruneCommand(), SweepCommand(), VerifyCommand(),
    AnalyzeCommand(), ReportCommand(),
    CheckCommand(), BenchCommand(),
  ]
}

/// Exit statuses: 0 success, 2 bad input or usage, 3 an internal numerical
/// failure (a GSL status), 1 is left for "ran but found mismatches".
enum ExitStatus {
  static let badInput: Int32 = 2
  static let internalFailure: Int32 = 3
}

func mainHelp() -> String {
  var lines = [
    "Usage: ecprune <command> [options]", "",
    "Elimination-compensation pruning of fully-connected networks and its "
      + "GSL verifier.", "", "Commands:",
  ]
  for command in allCommands() {
    let name = command.specification.name
    lines.append(
      "  " + name + String(repeating: " ", count: max(1, 10 - name.count))
        + command.specification.summary)
  }
  lines += ["", "Run 'ecprune <command> --help' for the options of a command."]
  return lines.joined(separator: "\n") + "\n"
}

func run(_ arguments: [String]) -> Int32 {
  GSLRuntime.disableAbortOnError()
  // A file-size limit (ulimit -f) would otherwise kill the process with
  // SIGXFSZ mid-write. Ignored, the write fails with EFBIG, so the atomic
  // writer reports it and removes its temporary file.
  signal(SIGXFSZ, SIG_IGN)

  // One OpenBLAS thread count for every run, so the same seed gives the
  // same bytes on any number of cores (see SoftwareVersions).
  let environment = ProcessInfo.processInfo.environment
  guard let threads = SoftwareVersions.blasThreads(from: environment) else {
    Diagnostics.error(
      "\(SoftwareVersions.blasThreadsVariable)="
        + "\(environment[SoftwareVersions.blasThreadsVariable] ?? "") is "
        + "invalid; set it to an integer from 1 to 64 or unset it")
    return ExitStatus.badInput
  }
  LinearAlgebra.setThreadCount(threads)
  guard let name = arguments.first else {
    Diagnostics.write(mainHelp())
    return ExitStatus.badInput
  }
  if name == "--help" || name == "-h" || name == "help" {
    print(mainHelp(), terminator: "")
    return 0
  }

  // An internal command for scripts/check-blas-binding.sh: makes libgsl
  // call cblas_dgemm once so the loader can report the binding.
  if name == "blas-check" {
    do {
      print(try BLASBinding.multiplyThroughGSL())
      return 0
    } catch {
      Diagnostics.error("\(error)")
      return ExitStatus.internalFailure
    }
  }

  guard
    let command = allCommands().first(where: { $0.specification.name == name })
  else {
    Diagnostics.error(
      "unknown command '\(name)'; run 'ecprune --help' for the list")
    return ExitStatus.badInput
  }
  do {
    let options = try command.specification.parse(Array(arguments.dropFirst()))
    return try command.run(options)
  } catch UsageError.helpRequested {
    print(command.specification.helpText(program: "ecprune"), terminator: "")
    return 0
  } catch let error as UsageError {
    Diagnostics.error("\(error)")
    return ExitStatus.badInput
  } catch let error as InputError {
    Diagnostics.error("\(error)")
    return ExitStatus.badInput
  } catch let error as GSLError {
    Diagnostics.error("internal numerical failure: \(error)")
    return ExitStatus.internalFailure
  } catch {
    Diagnostics.error("\(error)")
    return ExitStatus.internalFailure
  }
}

exit(run(Array(CommandLine.arguments.dropFirst())))
