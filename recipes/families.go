package recipes

// diffusersRecipes are the diffusers pipelines, most specific first.
func diffusersRecipes() []Recipe {
	return []Recipe{diffusersLoRA{}, diffusersStableVideo{}, diffusersPromptImageToVideo{}, diffusersTextToVideo{},
		diffusersUpscale{}, diffusersImageVariations{}, diffusersInpainting{}, diffusersImageToImage{}, diffusersTextToImage{}}
}

// transformersRecipes are the transformers tasks. Refusals come first (they
// name models the others would match but cannot run), then the guard that
// keeps repository code out unless --trust-remote-code allows it and then
// hands the model to the recipe that packages it.
func transformersRecipes() []Recipe {
	specific := []Recipe{
		peftAdapter{}, textGeneration{}, seq2seq{}, fillMask{}, textClassification{}, tokenClassification{},
		zeroShotClassification{}, questionAnswering{}, speechRecognition{}, imageClassification{},
		objectDetection{}, imageSegmentation{}, depthEstimation{}, zeroShotImageClassification{},
		textToSpeech{}, audioClassification{},
		vlmChat{}, imageToText{}, visualQuestionAnswering{}, documentQuestionAnswering{},
	}
	next := append(append(append(append([]Recipe{}, specific...), embeddingRecipes()...), timmRecipes()...), fallbackRecipes()...)
	return append([]Recipe{refusals{}, remoteCodeGuard{next: next}}, specific...)
}

// embeddingRecipes turn text or images into vectors.
func embeddingRecipes() []Recipe {
	return []Recipe{sentenceEmbeddings{}}
}

// fallbackRecipes run when nothing specific matched.
func fallbackRecipes() []Recipe {
	return []Recipe{genericPipeline{}}
}

// timmRecipes are the timm models.
func timmRecipes() []Recipe {
	return []Recipe{timmImageClassification{}}
}
