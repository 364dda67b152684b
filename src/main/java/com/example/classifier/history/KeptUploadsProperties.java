package com.example.classifier.history;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How many of the page's uploads are kept for their "Why?" links
 * ({@code classifier.pages.*}, beside the pages' other settings), in each instance's
 * memory. With Redis the count also holds for the shared copy, all the instances together
 * (its bytes are {@link HistoryProperties#keptUploadsMemory()}).
 *
 * @param keptImages uploads kept, newest first
 * @param keptImagesMemory the most their bytes take together; a file larger than a
 * quarter of it is not kept (its result has no "Why?" links)
 */
@ConfigurationProperties("classifier.pages")
public record KeptUploadsProperties(@DefaultValue("15") int keptImages,
		@DefaultValue("24MB") DataSize keptImagesMemory) {

	/** Whether an upload of this size is kept at all. */
	boolean keeps(int size) {
		return keptImages > 0 && size <= keptImagesMemory.toBytes() / 4;
	}

}
