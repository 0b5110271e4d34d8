package recipes

// diffusersRecipes are the diffusers pipelines, most specific first.
func diffusersRecipes() []Recipe {
	return []Recipe{diffusersLoRA{}, diffusersStableVideo{}, diffusersPromptImageToVideo{}, diffusersTextToVideo{},
		diffusersUpscale{}, diffusersInpainting{}, diffusersImageToImage{}, diffusersTextToImage{}}
}

// transformersRecipes are the transformers tasks.
func transformersRecipes() []Recipe {
	return []Recipe{textGeneration{}, speechRecognition{}, imageClassification{},
		objectDetection{}, imageSegmentation{}, depthEstimation{}, zeroShotImageClassification{},
		textToSpeech{}, audioClassification{},
		vlmChat{}, imageToText{}, visualQuestionAnswering{}, documentQuestionAnswering{}}
}

// embeddingRecipes turn text or images into vectors.
func embeddingRecipes() []Recipe {
	return []Recipe{sentenceEmbeddings{}}
}

// fallbackRecipes run when nothing specific matched.
func fallbackRecipes() []Recipe {
	return nil
}

// timmRecipes are the timm models.
func timmRecipes() []Recipe {
	return []Recipe{timmImageClassification{}}
}
