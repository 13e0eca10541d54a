"""Thân Thiện: the platform for the model “Chính quyền thân thiện, vì Nhân dân phục vụ”."""
