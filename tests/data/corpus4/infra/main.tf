resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = var.role_arn
  primary_container {
    image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.1"
    environment = {
      HF_MODEL_ID    = "tiiuae/falcon-7b-instruct"
      SM_NUM_GPUS    = "1"
    }
  }
}
