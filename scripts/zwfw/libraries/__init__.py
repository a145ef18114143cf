"""The standard libraries: the materials library (审批要件标准库) and the e-licence directory (电子证照目录库)."""
