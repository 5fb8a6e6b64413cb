from rest_framework import serializers


class UploadField(serializers.FileField):
    """A file in a multipart body. A part sent without a file name reaches Django as text, not as a file: that
    refusal has its own code, for it is about the encoding, not about what the field may hold."""

    default_error_messages = {
        "not_a_file": "提交的不是文件：请以 multipart/form-data 上传，文件部分须带文件名。"
    }

    def validate_empty_values(self, data):
        if data == "":  # an empty part without a file name
            self.fail("not_a_file")
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not hasattr(data, "size"):
            self.fail("not_a_file")
        return super().to_internal_value(data)
