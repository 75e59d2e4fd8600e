"""Outputs that read the model and write files (the Excel workbook); never imported by model/."""
