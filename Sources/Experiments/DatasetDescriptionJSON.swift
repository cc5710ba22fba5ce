import Reporting

extension DatasetDescription {
  /// The description as the `dataset` object of every report's JSON.
  var json: JSONValue {
    .object([
      ("name", .string(name)),
      ("source", .string(source)),
      ("training_samples", .integer(trainingSampleCount)),
      ("test_samples", .integer(testSampleCount)),
    ])
  }
}
