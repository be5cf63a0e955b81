"""The web layer: HTTP blueprints and Socket.IO handlers. Thin: parse, authorise, call the
domain, emit. No SQL and no business rules here."""
