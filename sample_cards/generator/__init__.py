"""Building blocks of the sample card generator: invented people, organisations, drawing, scenes."""
