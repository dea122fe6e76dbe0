"""Building blocks of the parties step: gazetteer, roles of mentions, people, organisations."""
