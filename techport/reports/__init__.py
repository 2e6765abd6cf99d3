"""The exchange's periodic reports: the activity report, the trend report and the public summary."""
