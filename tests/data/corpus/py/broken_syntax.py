# Python 2 script kept for history; it does not parse as Python 3.
from transformers import AutoModel
print "loading"
model = AutoModel.from_pretrained("facebook/bart-large-cnn")
MODEL_NAME = "google/pegasus-xsum"
exec "x = 1"
