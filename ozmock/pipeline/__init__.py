"""The one way through for an Ozon call, a module per stage (their order is `run.Pipeline.handle`):
route -> auth and roles -> legacy -> limits -> faults -> parse and validate -> settle -> handler ->
shape -> response check -> journal."""
