"""Reform metrics (改革进展): materials, steps, time limits, visits, online
handling and e-licences, compared between a baseline revision and now."""
