"""Build, start and stop a real local Camunda 7 (or Operaton) engine, for demos and tests."""
